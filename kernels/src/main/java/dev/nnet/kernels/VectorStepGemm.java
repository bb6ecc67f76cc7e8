package dev.nnet.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link StepGemm#multiply} with the Vector API: tiles of 4 rows by 4 vectors keep their 16 accumulators in
 * registers over the whole depth (then 4 rows by 1 vector, then single rows). Each accumulator is the same chain of
 * fused multiply-adds in increasing p as the scalar path. Only loaded when the JVM has the Vector API.
 */
final class VectorStepGemm {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();

  private VectorStepGemm() {}

  static void multiply(int m, int k, float[] a, int aOff, int lda, float[] b, int nPad, float[] c) {
    int vectors = nPad / L;
    int i = 0;
    for (; i + 4 <= m; i += 4) {
      int v = 0;
      for (; v + 4 <= vectors; v += 4) {
        tile4x4(k, a, aOff + i * lda, lda, b, v * L, nPad, c, i * nPad + v * L);
      }
      for (; v < vectors; v++) {
        tile4x1(k, a, aOff + i * lda, lda, b, v * L, nPad, c, i * nPad + v * L);
      }
    }
    for (; i < m; i++) {
      for (int v = 0; v < vectors; v++) {
        tile1x1(k, a, aOff + i * lda, b, v * L, nPad, c, i * nPad + v * L);
      }
    }
  }

  private static void tile4x4(int k, float[] a, int a0, int lda, float[] b, int col, int ldb, float[] c, int c0) {
    FloatVector c00 = FloatVector.zero(S), c01 = c00, c02 = c00, c03 = c00;
    FloatVector c10 = c00, c11 = c00, c12 = c00, c13 = c00;
    FloatVector c20 = c00, c21 = c00, c22 = c00, c23 = c00;
    FloatVector c30 = c00, c31 = c00, c32 = c00, c33 = c00;
    int a1 = a0 + lda;
    int a2 = a1 + lda;
    int a3 = a2 + lda;
    for (int p = 0; p < k; p++) {
      int bp = col + p * ldb;
      FloatVector b0 = FloatVector.fromArray(S, b, bp);
      FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
      FloatVector b2 = FloatVector.fromArray(S, b, bp + 2 * L);
      FloatVector b3 = FloatVector.fromArray(S, b, bp + 3 * L);
      FloatVector x = FloatVector.broadcast(S, a[a0 + p]);
      c00 = b0.fma(x, c00);
      c01 = b1.fma(x, c01);
      c02 = b2.fma(x, c02);
      c03 = b3.fma(x, c03);
      x = FloatVector.broadcast(S, a[a1 + p]);
      c10 = b0.fma(x, c10);
      c11 = b1.fma(x, c11);
      c12 = b2.fma(x, c12);
      c13 = b3.fma(x, c13);
      x = FloatVector.broadcast(S, a[a2 + p]);
      c20 = b0.fma(x, c20);
      c21 = b1.fma(x, c21);
      c22 = b2.fma(x, c22);
      c23 = b3.fma(x, c23);
      x = FloatVector.broadcast(S, a[a3 + p]);
      c30 = b0.fma(x, c30);
      c31 = b1.fma(x, c31);
      c32 = b2.fma(x, c32);
      c33 = b3.fma(x, c33);
    }
    // Stored here, not through a helper: a vector passed to a call C2 does not inline is boxed.
    c00.intoArray(c, c0);
    c01.intoArray(c, c0 + L);
    c02.intoArray(c, c0 + 2 * L);
    c03.intoArray(c, c0 + 3 * L);
    c10.intoArray(c, c0 + ldb);
    c11.intoArray(c, c0 + ldb + L);
    c12.intoArray(c, c0 + ldb + 2 * L);
    c13.intoArray(c, c0 + ldb + 3 * L);
    c20.intoArray(c, c0 + 2 * ldb);
    c21.intoArray(c, c0 + 2 * ldb + L);
    c22.intoArray(c, c0 + 2 * ldb + 2 * L);
    c23.intoArray(c, c0 + 2 * ldb + 3 * L);
    c30.intoArray(c, c0 + 3 * ldb);
    c31.intoArray(c, c0 + 3 * ldb + L);
    c32.intoArray(c, c0 + 3 * ldb + 2 * L);
    c33.intoArray(c, c0 + 3 * ldb + 3 * L);
  }

  private static void tile4x1(int k, float[] a, int a0, int lda, float[] b, int col, int ldb, float[] c, int c0) {
    FloatVector c0v = FloatVector.zero(S), c1v = c0v, c2v = c0v, c3v = c0v;
    for (int p = 0; p < k; p++) {
      FloatVector bv = FloatVector.fromArray(S, b, col + p * ldb);
      c0v = bv.fma(FloatVector.broadcast(S, a[a0 + p]), c0v);
      c1v = bv.fma(FloatVector.broadcast(S, a[a0 + lda + p]), c1v);
      c2v = bv.fma(FloatVector.broadcast(S, a[a0 + 2 * lda + p]), c2v);
      c3v = bv.fma(FloatVector.broadcast(S, a[a0 + 3 * lda + p]), c3v);
    }
    c0v.intoArray(c, c0);
    c1v.intoArray(c, c0 + ldb);
    c2v.intoArray(c, c0 + 2 * ldb);
    c3v.intoArray(c, c0 + 3 * ldb);
  }

  private static void tile1x1(int k, float[] a, int a0, float[] b, int col, int ldb, float[] c, int c0) {
    FloatVector acc = FloatVector.zero(S);
    for (int p = 0; p < k; p++) {
      acc = FloatVector.fromArray(S, b, col + p * ldb).fma(FloatVector.broadcast(S, a[a0 + p]), acc);
    }
    acc.intoArray(c, c0);
  }
}
