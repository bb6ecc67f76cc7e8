package dev.nnet.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link MicroKernel} with the Vector API: the same product, the same bits, but the accumulators of a 4-row by
 * 4-vector tile stay in registers for the whole depth of the block, so each step of k costs four loads of B and
 * sixteen FMAs instead of reloading and storing every accumulator row (what C2's auto-vectorized loop must do).
 *
 * <p>Only loaded when the JVM runs with {@code --add-modules jdk.incubator.vector}; {@link MicroKernel} checks that
 * before it calls here. Each accumulator is still one sequential chain of fused multiply-adds in increasing p
 * ({@code a.fma(b, c)} rounds once, like {@link Math#fma}), so results equal the scalar kernel's bit for bit.
 */
final class VectorMicroKernel {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();

  private VectorMicroKernel() {}

  /** Lanes of the preferred vector; the kernel is worth calling for blocks at least this wide. */
  static int lanes() {
    return L;
  }

  /**
   * {@link MicroKernel#run} with B read in place: step p, column j of the block at {@code b[bBase + p*ldb + j]}.
   * The Vector API has no alignment constraint, so a non-transposed B needs no packing (the column matrix of a
   * convolution is read once instead of copied first); {@code rows} is a multiple of {@link MicroKernel#MR}.
   */
  static void run(float[] ap, float[] b, int bBase, int ldb, float[][] acc, int rows, int kc, int nb) {
    for (int ib = 0; ib < rows; ib += MicroKernel.MR) {
      rowBlock(ap, b, bBase, ldb, acc[ib], 0, acc[ib + 1], 0, acc[ib + 2], 0, acc[ib + 3], 0, ib * kc, kc, nb, false);
    }
  }

  /**
   * The whole product of a block straight into C, for a single depth block with alpha 1, beta 0 and no epilogue:
   * every chain starts from zero as the accumulators would, and there is no accumulator pass or copy (the data
   * gradient of a convolution has k = out channels, so those passes would cost more than the FMAs).
   * Rows {@code [0, rows)} of C start at {@code c[cBase + r*ldc]}; {@code rows} is a multiple of MR.
   */
  static void runInto(float[] ap, float[] b, int bBase, int ldb, float[] c, int cBase, int ldc, int rows, int kc,
      int nb) {
    for (int ib = 0; ib < rows; ib += MicroKernel.MR) {
      int o = cBase + ib * ldc;
      rowBlock(ap, b, bBase, ldb, c, o, c, o + ldc, c, o + 2 * ldc, c, o + 3 * ldc, ib * kc, kc, nb, true);
    }
  }

  /** Four rows of the block; row r of the result at {@code qr[or + j]}, from zero or from its old contents. */
  private static void rowBlock(float[] ap, float[] b, int bBase, int ldb, float[] q0, int o0, float[] q1, int o1,
      float[] q2, int o2, float[] q3, int o3, int r0, int kc, int nb, boolean zero) {
    int j = 0;
    for (; j + 4 * L <= nb; j += 4 * L) {
      tile4x4(ap, b, bBase, ldb, q0, o0 + j, q1, o1 + j, q2, o2 + j, q3, o3 + j, r0, kc, j, zero);
    }
    for (; j + L <= nb; j += L) {
      tile4x1(ap, b, bBase, ldb, q0, o0 + j, q1, o1 + j, q2, o2 + j, q3, o3 + j, r0, kc, j, zero);
    }
    if (j < nb) {
      tail(ap, b, bBase, ldb, q0, o0, q1, o1, q2, o2, q3, o3, r0, kc, j, nb, zero);
    }
  }

  private static FloatVector start(float[] q, int at, boolean zero) {
    return zero ? FloatVector.zero(S) : FloatVector.fromArray(S, q, at);
  }

  private static void tile4x4(float[] ap, float[] bm, int bBase, int ldb, float[] q0, int j0, float[] q1, int k0,
      float[] q2, int l0, float[] q3, int m0, int r0, int kc, int j, boolean zero) {
    FloatVector c00 = start(q0, j0, zero);
    FloatVector c01 = start(q0, j0 + L, zero);
    FloatVector c02 = start(q0, j0 + 2 * L, zero);
    FloatVector c03 = start(q0, j0 + 3 * L, zero);
    FloatVector c10 = start(q1, k0, zero);
    FloatVector c11 = start(q1, k0 + L, zero);
    FloatVector c12 = start(q1, k0 + 2 * L, zero);
    FloatVector c13 = start(q1, k0 + 3 * L, zero);
    FloatVector c20 = start(q2, l0, zero);
    FloatVector c21 = start(q2, l0 + L, zero);
    FloatVector c22 = start(q2, l0 + 2 * L, zero);
    FloatVector c23 = start(q2, l0 + 3 * L, zero);
    FloatVector c30 = start(q3, m0, zero);
    FloatVector c31 = start(q3, m0 + L, zero);
    FloatVector c32 = start(q3, m0 + 2 * L, zero);
    FloatVector c33 = start(q3, m0 + 3 * L, zero);
    int r1 = r0 + kc;
    int r2 = r1 + kc;
    int r3 = r2 + kc;
    for (int p = 0, bj = bBase + j; p < kc; p++, bj += ldb) {
      FloatVector b0 = FloatVector.fromArray(S, bm, bj);
      FloatVector b1 = FloatVector.fromArray(S, bm, bj + L);
      FloatVector b2 = FloatVector.fromArray(S, bm, bj + 2 * L);
      FloatVector b3 = FloatVector.fromArray(S, bm, bj + 3 * L);
      FloatVector a = FloatVector.broadcast(S, ap[r0 + p]);
      c00 = a.fma(b0, c00);
      c01 = a.fma(b1, c01);
      c02 = a.fma(b2, c02);
      c03 = a.fma(b3, c03);
      a = FloatVector.broadcast(S, ap[r1 + p]);
      c10 = a.fma(b0, c10);
      c11 = a.fma(b1, c11);
      c12 = a.fma(b2, c12);
      c13 = a.fma(b3, c13);
      a = FloatVector.broadcast(S, ap[r2 + p]);
      c20 = a.fma(b0, c20);
      c21 = a.fma(b1, c21);
      c22 = a.fma(b2, c22);
      c23 = a.fma(b3, c23);
      a = FloatVector.broadcast(S, ap[r3 + p]);
      c30 = a.fma(b0, c30);
      c31 = a.fma(b1, c31);
      c32 = a.fma(b2, c32);
      c33 = a.fma(b3, c33);
    }
    c00.intoArray(q0, j0);
    c01.intoArray(q0, j0 + L);
    c02.intoArray(q0, j0 + 2 * L);
    c03.intoArray(q0, j0 + 3 * L);
    c10.intoArray(q1, k0);
    c11.intoArray(q1, k0 + L);
    c12.intoArray(q1, k0 + 2 * L);
    c13.intoArray(q1, k0 + 3 * L);
    c20.intoArray(q2, l0);
    c21.intoArray(q2, l0 + L);
    c22.intoArray(q2, l0 + 2 * L);
    c23.intoArray(q2, l0 + 3 * L);
    c30.intoArray(q3, m0);
    c31.intoArray(q3, m0 + L);
    c32.intoArray(q3, m0 + 2 * L);
    c33.intoArray(q3, m0 + 3 * L);
  }

  private static void tile4x1(float[] ap, float[] bm, int bBase, int ldb, float[] q0, int j0, float[] q1, int k0,
      float[] q2, int l0, float[] q3, int m0, int r0, int kc, int j, boolean zero) {
    FloatVector c0 = start(q0, j0, zero);
    FloatVector c1 = start(q1, k0, zero);
    FloatVector c2 = start(q2, l0, zero);
    FloatVector c3 = start(q3, m0, zero);
    int r1 = r0 + kc;
    int r2 = r1 + kc;
    int r3 = r2 + kc;
    for (int p = 0, bj = bBase + j; p < kc; p++, bj += ldb) {
      FloatVector b = FloatVector.fromArray(S, bm, bj);
      c0 = FloatVector.broadcast(S, ap[r0 + p]).fma(b, c0);
      c1 = FloatVector.broadcast(S, ap[r1 + p]).fma(b, c1);
      c2 = FloatVector.broadcast(S, ap[r2 + p]).fma(b, c2);
      c3 = FloatVector.broadcast(S, ap[r3 + p]).fma(b, c3);
    }
    c0.intoArray(q0, j0);
    c1.intoArray(q1, k0);
    c2.intoArray(q2, l0);
    c3.intoArray(q3, m0);
  }

  /**
   * Columns [j, nb), fewer than a vector: scalar chains in the same order, each element's sum kept in a register
   * over the whole depth (four columns at a time, sixteen chains) rather than read and written back at every p.
   */
  private static void tail(float[] ap, float[] bm, int bBase, int ldb, float[] q0, int o0, float[] q1, int o1,
      float[] q2, int o2, float[] q3, int o3, int r0, int kc, int j, int nb, boolean zero) {
    int r1 = r0 + kc;
    int r2 = r1 + kc;
    int r3 = r2 + kc;
    int t = j;
    for (; t + 4 <= nb; t += 4) {
      float s00 = zero ? 0f : q0[o0 + t], s01 = zero ? 0f : q0[o0 + t + 1];
      float s02 = zero ? 0f : q0[o0 + t + 2], s03 = zero ? 0f : q0[o0 + t + 3];
      float s10 = zero ? 0f : q1[o1 + t], s11 = zero ? 0f : q1[o1 + t + 1];
      float s12 = zero ? 0f : q1[o1 + t + 2], s13 = zero ? 0f : q1[o1 + t + 3];
      float s20 = zero ? 0f : q2[o2 + t], s21 = zero ? 0f : q2[o2 + t + 1];
      float s22 = zero ? 0f : q2[o2 + t + 2], s23 = zero ? 0f : q2[o2 + t + 3];
      float s30 = zero ? 0f : q3[o3 + t], s31 = zero ? 0f : q3[o3 + t + 1];
      float s32 = zero ? 0f : q3[o3 + t + 2], s33 = zero ? 0f : q3[o3 + t + 3];
      for (int p = 0, bp = bBase + t; p < kc; p++, bp += ldb) {
        float x0 = bm[bp];
        float x1 = bm[bp + 1];
        float x2 = bm[bp + 2];
        float x3 = bm[bp + 3];
        float a0 = ap[r0 + p];
        float a1 = ap[r1 + p];
        float a2 = ap[r2 + p];
        float a3 = ap[r3 + p];
        s00 = Math.fma(a0, x0, s00);
        s01 = Math.fma(a0, x1, s01);
        s02 = Math.fma(a0, x2, s02);
        s03 = Math.fma(a0, x3, s03);
        s10 = Math.fma(a1, x0, s10);
        s11 = Math.fma(a1, x1, s11);
        s12 = Math.fma(a1, x2, s12);
        s13 = Math.fma(a1, x3, s13);
        s20 = Math.fma(a2, x0, s20);
        s21 = Math.fma(a2, x1, s21);
        s22 = Math.fma(a2, x2, s22);
        s23 = Math.fma(a2, x3, s23);
        s30 = Math.fma(a3, x0, s30);
        s31 = Math.fma(a3, x1, s31);
        s32 = Math.fma(a3, x2, s32);
        s33 = Math.fma(a3, x3, s33);
      }
      q0[o0 + t] = s00;
      q0[o0 + t + 1] = s01;
      q0[o0 + t + 2] = s02;
      q0[o0 + t + 3] = s03;
      q1[o1 + t] = s10;
      q1[o1 + t + 1] = s11;
      q1[o1 + t + 2] = s12;
      q1[o1 + t + 3] = s13;
      q2[o2 + t] = s20;
      q2[o2 + t + 1] = s21;
      q2[o2 + t + 2] = s22;
      q2[o2 + t + 3] = s23;
      q3[o3 + t] = s30;
      q3[o3 + t + 1] = s31;
      q3[o3 + t + 2] = s32;
      q3[o3 + t + 3] = s33;
    }
    for (; t < nb; t++) {
      float s0 = zero ? 0f : q0[o0 + t];
      float s1 = zero ? 0f : q1[o1 + t];
      float s2 = zero ? 0f : q2[o2 + t];
      float s3 = zero ? 0f : q3[o3 + t];
      for (int p = 0, bp = bBase + t; p < kc; p++, bp += ldb) {
        float x = bm[bp];
        s0 = Math.fma(ap[r0 + p], x, s0);
        s1 = Math.fma(ap[r1 + p], x, s1);
        s2 = Math.fma(ap[r2 + p], x, s2);
        s3 = Math.fma(ap[r3 + p], x, s3);
      }
      q0[o0 + t] = s0;
      q1[o1 + t] = s1;
      q2[o2 + t] = s2;
      q3[o3 + t] = s3;
    }
  }
}
