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

  /** The doubles {@link #channels} keeps per channel between samples: the two vectors of partial sums and the tail. */
  static int partialsPerChannel() {
    return 2 * D.length() + 1;
  }

  /**
   * The sums of channels [c0, c1) into {@code sums[c]}. Sample by sample in the outer loop, so the reads run through
   * memory in order (channel by channel, they jumped a plane group at every plane); each channel's partial sums wait
   * in {@code partials} (from {@code partials[c * partialsPerChannel()]}) between samples, so every channel still
   * adds in the documented order. The vectors live only inside {@link #plane}'s loop (C2 boxes vectors carried
   * across a loop nest). The tails (plane % lanes) are summed apart, in order.
   */
  static void channels(int n, int channels, int plane, float[] src, int off, int c0, int c1, double[] partials,
                       double[] sums) {
    int per = partialsPerChannel();
    int tail = 2 * D.length();
    java.util.Arrays.fill(partials, c0 * per, c1 * per, 0d);
    int body = plane - plane % F.length();
    for (int i = 0; i < n; i++) {
      for (int c = c0; c < c1; c++) {
        int base = off + (i * channels + c) * plane;
        plane(src, base, body, partials, c * per);
        double t = partials[c * per + tail];
        for (int j = base + body; j < base + plane; j++) {
          t += src[j];
        }
        partials[c * per + tail] = t;
      }
    }
    for (int c = c0; c < c1; c++) {
      double s = 0;
      for (int k = 0; k < tail; k++) {
        s += partials[c * per + k];
      }
      sums[c] = s + partials[c * per + tail];
    }
  }

  /** Adds src[at, at + body) (whole vectors) into the partial sums at {@code partials[p]}. */
  private static void plane(float[] src, int at, int body, double[] partials, int p) {
    DoubleVector low = DoubleVector.fromArray(D, partials, p);
    DoubleVector high = DoubleVector.fromArray(D, partials, p + D.length());
    for (int end = at + body; at < end; at += F.length()) {
      FloatVector v = FloatVector.fromArray(F, src, at);
      low = low.add((DoubleVector) v.convertShape(VectorOperators.F2D, D, 0));
      high = high.add((DoubleVector) v.convertShape(VectorOperators.F2D, D, 1));
    }
    low.intoArray(partials, p);
    high.intoArray(partials, p + D.length());
  }
}
