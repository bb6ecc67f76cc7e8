package dev.nnet.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link VectorDotGemm}'s running sums: one vector per pair holds its lanes, so a 4×4 tile keeps 16 accumulators
 * in registers and each step of the depth costs eight loads and sixteen fused multiply-adds. Only used when the
 * preferred vector has exactly {@link VectorDotGemm#LANES} floats (AVX-512), so a vector is a pair's lanes; only
 * loaded when the JVM has the module.
 */
final class VectorDotKernel {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();

  private VectorDotKernel() {}

  static boolean fits(int lanes) {
    return L == lanes;
  }

  private static FloatVector start(float[] lanes, int at, boolean fresh) {
    return fresh ? FloatVector.zero(S) : FloatVector.fromArray(S, lanes, at);
  }

  /**
   * Rows a[ao + r·lda ..] (r < 4) against rows b[bo + q·ldb ..] (q < 4) over {@code len} (a multiple of the lane
   * count); pair (r, q)'s lanes at {@code lanes[lo + r·rowStride + q·L]}.
   */
  static void tile4x4(float[] a, int ao, int lda, float[] b, int bo, int ldb, int len, float[] lanes, int lo,
      int rowStride, boolean fresh) {
    int l1 = lo + rowStride;
    int l2 = l1 + rowStride;
    int l3 = l2 + rowStride;
    FloatVector c00 = start(lanes, lo, fresh);
    FloatVector c01 = start(lanes, lo + L, fresh);
    FloatVector c02 = start(lanes, lo + 2 * L, fresh);
    FloatVector c03 = start(lanes, lo + 3 * L, fresh);
    FloatVector c10 = start(lanes, l1, fresh);
    FloatVector c11 = start(lanes, l1 + L, fresh);
    FloatVector c12 = start(lanes, l1 + 2 * L, fresh);
    FloatVector c13 = start(lanes, l1 + 3 * L, fresh);
    FloatVector c20 = start(lanes, l2, fresh);
    FloatVector c21 = start(lanes, l2 + L, fresh);
    FloatVector c22 = start(lanes, l2 + 2 * L, fresh);
    FloatVector c23 = start(lanes, l2 + 3 * L, fresh);
    FloatVector c30 = start(lanes, l3, fresh);
    FloatVector c31 = start(lanes, l3 + L, fresh);
    FloatVector c32 = start(lanes, l3 + 2 * L, fresh);
    FloatVector c33 = start(lanes, l3 + 3 * L, fresh);
    int a1 = ao + lda;
    int a2 = a1 + lda;
    int a3 = a2 + lda;
    int b1 = bo + ldb;
    int b2 = b1 + ldb;
    int b3 = b2 + ldb;
    for (int p = 0; p < len; p += L) {
      FloatVector y0 = FloatVector.fromArray(S, b, bo + p);
      FloatVector y1 = FloatVector.fromArray(S, b, b1 + p);
      FloatVector y2 = FloatVector.fromArray(S, b, b2 + p);
      FloatVector y3 = FloatVector.fromArray(S, b, b3 + p);
      FloatVector x = FloatVector.fromArray(S, a, ao + p);
      c00 = x.fma(y0, c00);
      c01 = x.fma(y1, c01);
      c02 = x.fma(y2, c02);
      c03 = x.fma(y3, c03);
      x = FloatVector.fromArray(S, a, a1 + p);
      c10 = x.fma(y0, c10);
      c11 = x.fma(y1, c11);
      c12 = x.fma(y2, c12);
      c13 = x.fma(y3, c13);
      x = FloatVector.fromArray(S, a, a2 + p);
      c20 = x.fma(y0, c20);
      c21 = x.fma(y1, c21);
      c22 = x.fma(y2, c22);
      c23 = x.fma(y3, c23);
      x = FloatVector.fromArray(S, a, a3 + p);
      c30 = x.fma(y0, c30);
      c31 = x.fma(y1, c31);
      c32 = x.fma(y2, c32);
      c33 = x.fma(y3, c33);
    }
    c00.intoArray(lanes, lo);
    c01.intoArray(lanes, lo + L);
    c02.intoArray(lanes, lo + 2 * L);
    c03.intoArray(lanes, lo + 3 * L);
    c10.intoArray(lanes, l1);
    c11.intoArray(lanes, l1 + L);
    c12.intoArray(lanes, l1 + 2 * L);
    c13.intoArray(lanes, l1 + 3 * L);
    c20.intoArray(lanes, l2);
    c21.intoArray(lanes, l2 + L);
    c22.intoArray(lanes, l2 + 2 * L);
    c23.intoArray(lanes, l2 + 3 * L);
    c30.intoArray(lanes, l3);
    c31.intoArray(lanes, l3 + L);
    c32.intoArray(lanes, l3 + 2 * L);
    c33.intoArray(lanes, l3 + 3 * L);
  }

  /** One pair (the edges of a tile grid): row a[ao ..] against row b[bo ..], lanes at {@code lanes[l]}. */
  static void pair(float[] a, int ao, float[] b, int bo, int len, float[] lanes, int l, boolean fresh) {
    FloatVector c = start(lanes, l, fresh);
    for (int p = 0; p < len; p += L) {
      c = FloatVector.fromArray(S, a, ao + p).fma(FloatVector.fromArray(S, b, bo + p), c);
    }
    c.intoArray(lanes, l);
  }
}
