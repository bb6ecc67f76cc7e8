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
      float[] q0 = acc[ib];
      float[] q1 = acc[ib + 1];
      float[] q2 = acc[ib + 2];
      float[] q3 = acc[ib + 3];
      int r0 = ib * kc;
      int j = 0;
      for (; j + 4 * L <= nb; j += 4 * L) {
        tile4x4(ap, b, bBase, ldb, q0, q1, q2, q3, r0, kc, j);
      }
      for (; j + L <= nb; j += L) {
        tile4x1(ap, b, bBase, ldb, q0, q1, q2, q3, r0, kc, j);
      }
      if (j < nb) {
        tail(ap, b, bBase, ldb, q0, q1, q2, q3, r0, kc, j, nb);
      }
    }
  }

  private static void tile4x4(float[] ap, float[] bm, int bBase, int ldb, float[] q0, float[] q1, float[] q2, float[] q3,
      int r0, int kc, int j) {
    int j1 = j + L;
    int j2 = j1 + L;
    int j3 = j2 + L;
    FloatVector c00 = FloatVector.fromArray(S, q0, j);
    FloatVector c01 = FloatVector.fromArray(S, q0, j1);
    FloatVector c02 = FloatVector.fromArray(S, q0, j2);
    FloatVector c03 = FloatVector.fromArray(S, q0, j3);
    FloatVector c10 = FloatVector.fromArray(S, q1, j);
    FloatVector c11 = FloatVector.fromArray(S, q1, j1);
    FloatVector c12 = FloatVector.fromArray(S, q1, j2);
    FloatVector c13 = FloatVector.fromArray(S, q1, j3);
    FloatVector c20 = FloatVector.fromArray(S, q2, j);
    FloatVector c21 = FloatVector.fromArray(S, q2, j1);
    FloatVector c22 = FloatVector.fromArray(S, q2, j2);
    FloatVector c23 = FloatVector.fromArray(S, q2, j3);
    FloatVector c30 = FloatVector.fromArray(S, q3, j);
    FloatVector c31 = FloatVector.fromArray(S, q3, j1);
    FloatVector c32 = FloatVector.fromArray(S, q3, j2);
    FloatVector c33 = FloatVector.fromArray(S, q3, j3);
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
    c00.intoArray(q0, j);
    c01.intoArray(q0, j1);
    c02.intoArray(q0, j2);
    c03.intoArray(q0, j3);
    c10.intoArray(q1, j);
    c11.intoArray(q1, j1);
    c12.intoArray(q1, j2);
    c13.intoArray(q1, j3);
    c20.intoArray(q2, j);
    c21.intoArray(q2, j1);
    c22.intoArray(q2, j2);
    c23.intoArray(q2, j3);
    c30.intoArray(q3, j);
    c31.intoArray(q3, j1);
    c32.intoArray(q3, j2);
    c33.intoArray(q3, j3);
  }

  private static void tile4x1(float[] ap, float[] bm, int bBase, int ldb, float[] q0, float[] q1, float[] q2, float[] q3,
      int r0, int kc, int j) {
    FloatVector c0 = FloatVector.fromArray(S, q0, j);
    FloatVector c1 = FloatVector.fromArray(S, q1, j);
    FloatVector c2 = FloatVector.fromArray(S, q2, j);
    FloatVector c3 = FloatVector.fromArray(S, q3, j);
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
    c0.intoArray(q0, j);
    c1.intoArray(q1, j);
    c2.intoArray(q2, j);
    c3.intoArray(q3, j);
  }

  /** Columns [j, nb), fewer than a vector: scalar chains in the same order. */
  private static void tail(float[] ap, float[] bm, int bBase, int ldb, float[] q0, float[] q1, float[] q2, float[] q3,
      int r0, int kc, int j, int nb) {
    int r1 = r0 + kc;
    int r2 = r1 + kc;
    int r3 = r2 + kc;
    for (int p = 0; p < kc; p++) {
      int bp = bBase + p * ldb;
      float a0 = ap[r0 + p];
      float a1 = ap[r1 + p];
      float a2 = ap[r2 + p];
      float a3 = ap[r3 + p];
      for (int t = j; t < nb; t++) {
        float x = bm[bp + t];
        q0[t] = Math.fma(a0, x, q0[t]);
        q1[t] = Math.fma(a1, x, q1[t]);
        q2[t] = Math.fma(a2, x, q2[t]);
        q3[t] = Math.fma(a3, x, q3[t]);
      }
    }
  }
}
