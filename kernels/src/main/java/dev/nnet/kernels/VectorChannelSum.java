package dev.nnet.kernels;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Reduce#channelSums} with the Vector API: a vector of floats at a time is widened to two vectors of doubles
 * and added lane by lane, so partial sum k takes the plane positions k, k + lanes, ... exactly as the scalar form
 * does; only the additions run side by side. The partial sums are then folded in lane order, one lane at a time
 * (never {@code reduceLanes}, whose order is unspecified).
 */
final class VectorChannelSum {
  private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
  // Only the preferred float species, as the other kernels use: with a half-width float species added here,
  // AllocationTest's step allocated 93 MB (the Vector API's shared code sees two float shapes and C2 boxes).
  private static final VectorSpecies<Double> D = VectorSpecies.of(double.class, F.vectorShape());

  private VectorChannelSum() {}

  static int lanes() {
    return F.length();
  }

  /**
   * The sum of channel c over n planes of {@code plane} floats; the tails (plane % lanes) summed apart, in order. One
   * flat loop jumps from plane to plane: accumulators carried across a nested loop are boxed on every iteration by
   * JDK 17's C2, a single loop keeps them in registers.
   */
  static double channel(int n, int channels, int plane, float[] src, int off, int c) {
    DoubleVector low = DoubleVector.zero(D);
    DoubleVector high = DoubleVector.zero(D);
    int body = plane - plane % F.length();
    int stride = channels * plane;
    int count = n * (body / F.length());
    int base = off + c * plane;
    int at = base;
    for (int t = 0; t < count; t++) {
      FloatVector v = FloatVector.fromArray(F, src, at);
      low = low.add((DoubleVector) v.convertShape(VectorOperators.F2D, D, 0));
      high = high.add((DoubleVector) v.convertShape(VectorOperators.F2D, D, 1));
      at += F.length();
      if (at == base + body) {
        base += stride;
        at = base;
      }
    }
    double tail = 0;
    for (int i = 0, start = off + c * plane; i < n; i++, start += stride) {
      for (int j = start + body; j < start + plane; j++) {
        tail += src[j];
      }
    }
    double s = 0;
    for (int k = 0; k < D.length(); k++) {
      s += low.lane(k);
    }
    for (int k = 0; k < D.length(); k++) {
      s += high.lane(k);
    }
    return s + tail;
  }
}
