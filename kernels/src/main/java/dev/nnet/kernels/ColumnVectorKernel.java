package dev.nnet.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link ColumnVectorGemm}'s tiles: 4 vectors down a column of C × 4 columns (or 1), accumulators in registers over
 * the whole depth, each one sequential chain of fused multiply-adds in increasing p from zero. Packed Aᵀ holds step
 * p, row i at {@code am[p*rows + i]}; column j of B (a row of the stored n×k matrix) starts at {@code bm[bj]}; the
 * sums go column-major, column j at {@code sums[s + (j - first)*rows]}. Only loaded with the Vector API.
 */
final class ColumnVectorKernel {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();

  private ColumnVectorKernel() {}

  /** Floats per vector: packed Aᵀ has its rows padded to a multiple of this. */
  static int lanes() {
    return L;
  }

  /** Rows [i, i + 4L) × columns [j, j + 4). */
  static void tile4x4(float[] am, int rows, int i, float[] bm, int b0, int ldb, int k, float[] sums, int s) {
    FloatVector c00 = FloatVector.zero(S);
    FloatVector c10 = c00;
    FloatVector c20 = c00;
    FloatVector c30 = c00;
    FloatVector c01 = c00;
    FloatVector c11 = c00;
    FloatVector c21 = c00;
    FloatVector c31 = c00;
    FloatVector c02 = c00;
    FloatVector c12 = c00;
    FloatVector c22 = c00;
    FloatVector c32 = c00;
    FloatVector c03 = c00;
    FloatVector c13 = c00;
    FloatVector c23 = c00;
    FloatVector c33 = c00;
    int b1 = b0 + ldb;
    int b2 = b1 + ldb;
    int b3 = b2 + ldb;
    for (int p = 0, ap = i; p < k; p++, ap += rows) {
      FloatVector a0 = FloatVector.fromArray(S, am, ap);
      FloatVector a1 = FloatVector.fromArray(S, am, ap + L);
      FloatVector a2 = FloatVector.fromArray(S, am, ap + 2 * L);
      FloatVector a3 = FloatVector.fromArray(S, am, ap + 3 * L);
      FloatVector x = FloatVector.broadcast(S, bm[b0 + p]);
      c00 = a0.fma(x, c00);
      c10 = a1.fma(x, c10);
      c20 = a2.fma(x, c20);
      c30 = a3.fma(x, c30);
      x = FloatVector.broadcast(S, bm[b1 + p]);
      c01 = a0.fma(x, c01);
      c11 = a1.fma(x, c11);
      c21 = a2.fma(x, c21);
      c31 = a3.fma(x, c31);
      x = FloatVector.broadcast(S, bm[b2 + p]);
      c02 = a0.fma(x, c02);
      c12 = a1.fma(x, c12);
      c22 = a2.fma(x, c22);
      c32 = a3.fma(x, c32);
      x = FloatVector.broadcast(S, bm[b3 + p]);
      c03 = a0.fma(x, c03);
      c13 = a1.fma(x, c13);
      c23 = a2.fma(x, c23);
      c33 = a3.fma(x, c33);
    }
    c00.intoArray(sums, s);
    c10.intoArray(sums, s + L);
    c20.intoArray(sums, s + 2 * L);
    c30.intoArray(sums, s + 3 * L);
    s += rows;
    c01.intoArray(sums, s);
    c11.intoArray(sums, s + L);
    c21.intoArray(sums, s + 2 * L);
    c31.intoArray(sums, s + 3 * L);
    s += rows;
    c02.intoArray(sums, s);
    c12.intoArray(sums, s + L);
    c22.intoArray(sums, s + 2 * L);
    c32.intoArray(sums, s + 3 * L);
    s += rows;
    c03.intoArray(sums, s);
    c13.intoArray(sums, s + L);
    c23.intoArray(sums, s + 2 * L);
    c33.intoArray(sums, s + 3 * L);
  }

  /** Rows [i, i + 4L) × column j. */
  static void tile4x1(float[] am, int rows, int i, float[] bm, int bj, int ldb, int k, float[] sums, int s) {
    FloatVector c0 = FloatVector.zero(S);
    FloatVector c1 = c0;
    FloatVector c2 = c0;
    FloatVector c3 = c0;
    for (int p = 0, ap = i; p < k; p++, ap += rows) {
      FloatVector x = FloatVector.broadcast(S, bm[bj + p]);
      c0 = FloatVector.fromArray(S, am, ap).fma(x, c0);
      c1 = FloatVector.fromArray(S, am, ap + L).fma(x, c1);
      c2 = FloatVector.fromArray(S, am, ap + 2 * L).fma(x, c2);
      c3 = FloatVector.fromArray(S, am, ap + 3 * L).fma(x, c3);
    }
    c0.intoArray(sums, s);
    c1.intoArray(sums, s + L);
    c2.intoArray(sums, s + 2 * L);
    c3.intoArray(sums, s + 3 * L);
  }


  /** Rows [i, i + 2L) × columns [j, j + 8), for the rows that do not fill a four-vector tile. */
  static void tile2x8(float[] am, int rows, int i, float[] bm, int b0, int ldb, int k, float[] sums, int s) {
    FloatVector c00 = FloatVector.zero(S);
    FloatVector c10 = c00;
    FloatVector c01 = c00;
    FloatVector c11 = c00;
    FloatVector c02 = c00;
    FloatVector c12 = c00;
    FloatVector c03 = c00;
    FloatVector c13 = c00;
    FloatVector c04 = c00;
    FloatVector c14 = c00;
    FloatVector c05 = c00;
    FloatVector c15 = c00;
    FloatVector c06 = c00;
    FloatVector c16 = c00;
    FloatVector c07 = c00;
    FloatVector c17 = c00;
    int b1 = b0 + ldb;
    int b2 = b1 + ldb;
    int b3 = b2 + ldb;
    int b4 = b3 + ldb;
    int b5 = b4 + ldb;
    int b6 = b5 + ldb;
    int b7 = b6 + ldb;
    for (int p = 0, ap = i; p < k; p++, ap += rows) {
      FloatVector a0 = FloatVector.fromArray(S, am, ap);
      FloatVector a1 = FloatVector.fromArray(S, am, ap + L);
      FloatVector x = FloatVector.broadcast(S, bm[b0 + p]);
      c00 = a0.fma(x, c00);
      c10 = a1.fma(x, c10);
      x = FloatVector.broadcast(S, bm[b1 + p]);
      c01 = a0.fma(x, c01);
      c11 = a1.fma(x, c11);
      x = FloatVector.broadcast(S, bm[b2 + p]);
      c02 = a0.fma(x, c02);
      c12 = a1.fma(x, c12);
      x = FloatVector.broadcast(S, bm[b3 + p]);
      c03 = a0.fma(x, c03);
      c13 = a1.fma(x, c13);
      x = FloatVector.broadcast(S, bm[b4 + p]);
      c04 = a0.fma(x, c04);
      c14 = a1.fma(x, c14);
      x = FloatVector.broadcast(S, bm[b5 + p]);
      c05 = a0.fma(x, c05);
      c15 = a1.fma(x, c15);
      x = FloatVector.broadcast(S, bm[b6 + p]);
      c06 = a0.fma(x, c06);
      c16 = a1.fma(x, c16);
      x = FloatVector.broadcast(S, bm[b7 + p]);
      c07 = a0.fma(x, c07);
      c17 = a1.fma(x, c17);
    }
    c00.intoArray(sums, s);
    c10.intoArray(sums, s + L);
    s += rows;
    c01.intoArray(sums, s);
    c11.intoArray(sums, s + L);
    s += rows;
    c02.intoArray(sums, s);
    c12.intoArray(sums, s + L);
    s += rows;
    c03.intoArray(sums, s);
    c13.intoArray(sums, s + L);
    s += rows;
    c04.intoArray(sums, s);
    c14.intoArray(sums, s + L);
    s += rows;
    c05.intoArray(sums, s);
    c15.intoArray(sums, s + L);
    s += rows;
    c06.intoArray(sums, s);
    c16.intoArray(sums, s + L);
    s += rows;
    c07.intoArray(sums, s);
    c17.intoArray(sums, s + L);
  }

  /** Rows [i, i + L) × columns [j, j + 8). */
  static void tile1x8(float[] am, int rows, int i, float[] bm, int b0, int ldb, int k, float[] sums, int s) {
    FloatVector c0 = FloatVector.zero(S);
    FloatVector c1 = c0;
    FloatVector c2 = c0;
    FloatVector c3 = c0;
    FloatVector c4 = c0;
    FloatVector c5 = c0;
    FloatVector c6 = c0;
    FloatVector c7 = c0;
    int b1 = b0 + ldb;
    int b2 = b1 + ldb;
    int b3 = b2 + ldb;
    int b4 = b3 + ldb;
    int b5 = b4 + ldb;
    int b6 = b5 + ldb;
    int b7 = b6 + ldb;
    for (int p = 0, ap = i; p < k; p++, ap += rows) {
      FloatVector a0 = FloatVector.fromArray(S, am, ap);
      c0 = a0.fma(FloatVector.broadcast(S, bm[b0 + p]), c0);
      c1 = a0.fma(FloatVector.broadcast(S, bm[b1 + p]), c1);
      c2 = a0.fma(FloatVector.broadcast(S, bm[b2 + p]), c2);
      c3 = a0.fma(FloatVector.broadcast(S, bm[b3 + p]), c3);
      c4 = a0.fma(FloatVector.broadcast(S, bm[b4 + p]), c4);
      c5 = a0.fma(FloatVector.broadcast(S, bm[b5 + p]), c5);
      c6 = a0.fma(FloatVector.broadcast(S, bm[b6 + p]), c6);
      c7 = a0.fma(FloatVector.broadcast(S, bm[b7 + p]), c7);
    }
    c0.intoArray(sums, s);
    c1.intoArray(sums, s + rows);
    c2.intoArray(sums, s + 2 * rows);
    c3.intoArray(sums, s + 3 * rows);
    c4.intoArray(sums, s + 4 * rows);
    c5.intoArray(sums, s + 5 * rows);
    c6.intoArray(sums, s + 6 * rows);
    c7.intoArray(sums, s + 7 * rows);
  }

  /** Rows [i, i + L) × column j: the last columns of a narrower tile. */
  static void tile1x1(float[] am, int rows, int i, float[] bm, int bj, int k, float[] sums, int s) {
    FloatVector c0 = FloatVector.zero(S);
    for (int p = 0, ap = i; p < k; p++, ap += rows) {
      c0 = FloatVector.fromArray(S, am, ap).fma(FloatVector.broadcast(S, bm[bj + p]), c0);
    }
    c0.intoArray(sums, s);
  }
}
