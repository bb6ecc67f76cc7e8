package dev.nnet.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link NarrowVectorGemm}'s tiles: all the columns of C in one vector, eight rows (eight accumulators in registers
 * over the whole depth), each element one sequential chain of fused multiply-adds in increasing p from zero.
 * Element (i, p) of op(A) is {@code a[aBase + i*aRow + p*aCol]}; packed op(B) holds step p at {@code bt[p*L]};
 * row r of the tile's sums goes to {@code sums[s + r*L]}. Only loaded with the Vector API.
 */
final class NarrowVectorKernel {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();

  private NarrowVectorKernel() {}

  static int lanes() {
    return L;
  }

  /** Eight rows. */
  static void tile8(float[] a, int aBase, int aRow, int aCol, float[] bt, int k, float[] sums, int s) {
    FloatVector c0 = FloatVector.zero(S);
    FloatVector c1 = c0;
    FloatVector c2 = c0;
    FloatVector c3 = c0;
    FloatVector c4 = c0;
    FloatVector c5 = c0;
    FloatVector c6 = c0;
    FloatVector c7 = c0;
    for (int p = 0, ap = aBase, bp = 0; p < k; p++, ap += aCol, bp += L) {
      FloatVector x = FloatVector.fromArray(S, bt, bp);
      c0 = x.fma(FloatVector.broadcast(S, a[ap]), c0);
      c1 = x.fma(FloatVector.broadcast(S, a[ap + aRow]), c1);
      c2 = x.fma(FloatVector.broadcast(S, a[ap + 2 * aRow]), c2);
      c3 = x.fma(FloatVector.broadcast(S, a[ap + 3 * aRow]), c3);
      c4 = x.fma(FloatVector.broadcast(S, a[ap + 4 * aRow]), c4);
      c5 = x.fma(FloatVector.broadcast(S, a[ap + 5 * aRow]), c5);
      c6 = x.fma(FloatVector.broadcast(S, a[ap + 6 * aRow]), c6);
      c7 = x.fma(FloatVector.broadcast(S, a[ap + 7 * aRow]), c7);
    }
    c0.intoArray(sums, s);
    c1.intoArray(sums, s + L);
    c2.intoArray(sums, s + 2 * L);
    c3.intoArray(sums, s + 3 * L);
    c4.intoArray(sums, s + 4 * L);
    c5.intoArray(sums, s + 5 * L);
    c6.intoArray(sums, s + 6 * L);
    c7.intoArray(sums, s + 7 * L);
  }

  /** One row: the rows past the last eight. */
  static void tile1(float[] a, int aBase, int aCol, float[] bt, int k, float[] sums, int s) {
    FloatVector c0 = FloatVector.zero(S);
    for (int p = 0, ap = aBase, bp = 0; p < k; p++, ap += aCol, bp += L) {
      c0 = FloatVector.fromArray(S, bt, bp).fma(FloatVector.broadcast(S, a[ap]), c0);
    }
    c0.intoArray(sums, s);
  }
}
