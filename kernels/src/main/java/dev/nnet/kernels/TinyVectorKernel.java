package dev.nnet.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link TinyGemm}'s tiles: rows of C × whole vectors of its columns, each element one sequential chain of fused
 * multiply-adds in increasing p from zero, left in C as raw sums. Element (i, p) of op(A) is
 * {@code a[aBase + i*aRow + p*aCol]}; row p of op(B) starts at {@code b[bBase + p*ldb]} (B not transposed); row r of
 * the tile goes to {@code c[cBase + r*ldc]}. Only loaded with the Vector API.
 */
final class TinyVectorKernel {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();

  private TinyVectorKernel() {}

  static int lanes() {
    return L;
  }

  /** Four rows × two vectors: eight chains in registers. */
  static void tile4x2(float[] a, int aBase, int aRow, int aCol, float[] b, int bBase, int ldb, int k,
      float[] c, int cBase, int ldc) {
    FloatVector c00 = FloatVector.zero(S);
    FloatVector c01 = c00;
    FloatVector c10 = c00;
    FloatVector c11 = c00;
    FloatVector c20 = c00;
    FloatVector c21 = c00;
    FloatVector c30 = c00;
    FloatVector c31 = c00;
    for (int p = 0, ap = aBase, bp = bBase; p < k; p++, ap += aCol, bp += ldb) {
      FloatVector b0 = FloatVector.fromArray(S, b, bp);
      FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
      FloatVector x0 = FloatVector.broadcast(S, a[ap]);
      FloatVector x1 = FloatVector.broadcast(S, a[ap + aRow]);
      FloatVector x2 = FloatVector.broadcast(S, a[ap + 2 * aRow]);
      FloatVector x3 = FloatVector.broadcast(S, a[ap + 3 * aRow]);
      c00 = x0.fma(b0, c00);
      c01 = x0.fma(b1, c01);
      c10 = x1.fma(b0, c10);
      c11 = x1.fma(b1, c11);
      c20 = x2.fma(b0, c20);
      c21 = x2.fma(b1, c21);
      c30 = x3.fma(b0, c30);
      c31 = x3.fma(b1, c31);
    }
    c00.intoArray(c, cBase);
    c01.intoArray(c, cBase + L);
    c10.intoArray(c, cBase + ldc);
    c11.intoArray(c, cBase + ldc + L);
    c20.intoArray(c, cBase + 2 * ldc);
    c21.intoArray(c, cBase + 2 * ldc + L);
    c30.intoArray(c, cBase + 3 * ldc);
    c31.intoArray(c, cBase + 3 * ldc + L);
  }

  /** Four rows × one vector. */
  static void tile4x1(float[] a, int aBase, int aRow, int aCol, float[] b, int bBase, int ldb, int k,
      float[] c, int cBase, int ldc) {
    FloatVector c0 = FloatVector.zero(S);
    FloatVector c1 = c0;
    FloatVector c2 = c0;
    FloatVector c3 = c0;
    for (int p = 0, ap = aBase, bp = bBase; p < k; p++, ap += aCol, bp += ldb) {
      FloatVector b0 = FloatVector.fromArray(S, b, bp);
      c0 = FloatVector.broadcast(S, a[ap]).fma(b0, c0);
      c1 = FloatVector.broadcast(S, a[ap + aRow]).fma(b0, c1);
      c2 = FloatVector.broadcast(S, a[ap + 2 * aRow]).fma(b0, c2);
      c3 = FloatVector.broadcast(S, a[ap + 3 * aRow]).fma(b0, c3);
    }
    c0.intoArray(c, cBase);
    c1.intoArray(c, cBase + ldc);
    c2.intoArray(c, cBase + 2 * ldc);
    c3.intoArray(c, cBase + 3 * ldc);
  }

  /** One row × one vector: the rows past the last four. */
  static void tile1x1(float[] a, int aBase, int aCol, float[] b, int bBase, int ldb, int k, float[] c, int cBase) {
    FloatVector c0 = FloatVector.zero(S);
    for (int p = 0, ap = aBase, bp = bBase; p < k; p++, ap += aCol, bp += ldb) {
      c0 = FloatVector.broadcast(S, a[ap]).fma(FloatVector.fromArray(S, b, bp), c0);
    }
    c0.intoArray(c, cBase);
  }
}
