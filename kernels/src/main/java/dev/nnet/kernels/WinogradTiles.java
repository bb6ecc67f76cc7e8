package dev.nnet.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The tile transforms of Winograd F(2×2, 3×3), one vector of channels at a time (channel-last buffers, so the
 * lanes are channels and every load is contiguous). The 16 transformed elements ξ = 4a + b of a tile go to 16
 * separate matrices, {@code plane} floats apart, which {@link WinogradGemm} multiplies.
 *
 * <pre>
 *   input   V = Bᵀ d B     Bᵀ = [1 0 -1 0; 0 1 1 0; 0 -1 1 0; 0 1 0 -1]     (4×4 tile of x, stride 2)
 *   output  y = Aᵀ M A     Aᵀ = [1 1 1 0; 0 1 -1 -1]                        (2×2 tile of y)
 *   dy      D = A dy Aᵀ    (the weight gradient's factor: dW = Gᵀ (Σ V ⊙ D) G)
 * </pre>
 *
 * <p>Only loaded with the Vector API ({@link MicroKernel#VECTOR}).
 */
final class WinogradTiles {
  static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  static final int L = S.length();

  private WinogradTiles() {}

  private static FloatVector ld(float[] a, int i) {
    return FloatVector.fromArray(S, a, i);
  }

  /**
   * V = Bᵀ d B for the 4×4 tile whose first element is at {@code d[at]}; rows are {@code row} floats apart,
   * columns {@code col}. Element ξ is stored at {@code v[vAt + ξ·plane]}.
   */
  static void input(float[] d, int at, int row, int col, float[] v, int vAt, int plane) {
    // columns first: t[a][b] = (Bᵀ d)[a][b]
    FloatVector t00;
    FloatVector t01;
    FloatVector t02;
    FloatVector t03;
    FloatVector t10;
    FloatVector t11;
    FloatVector t12;
    FloatVector t13;
    FloatVector t20;
    FloatVector t21;
    FloatVector t22;
    FloatVector t23;
    FloatVector t30;
    FloatVector t31;
    FloatVector t32;
    FloatVector t33;
    {
      FloatVector d0 = ld(d, at);
      FloatVector d1 = ld(d, at + row);
      FloatVector d2 = ld(d, at + 2 * row);
      FloatVector d3 = ld(d, at + 3 * row);
      t00 = d0.sub(d2);
      t10 = d1.add(d2);
      t20 = d2.sub(d1);
      t30 = d1.sub(d3);
    }
    {
      int c = at + col;
      FloatVector d0 = ld(d, c);
      FloatVector d1 = ld(d, c + row);
      FloatVector d2 = ld(d, c + 2 * row);
      FloatVector d3 = ld(d, c + 3 * row);
      t01 = d0.sub(d2);
      t11 = d1.add(d2);
      t21 = d2.sub(d1);
      t31 = d1.sub(d3);
    }
    {
      int c = at + 2 * col;
      FloatVector d0 = ld(d, c);
      FloatVector d1 = ld(d, c + row);
      FloatVector d2 = ld(d, c + 2 * row);
      FloatVector d3 = ld(d, c + 3 * row);
      t02 = d0.sub(d2);
      t12 = d1.add(d2);
      t22 = d2.sub(d1);
      t32 = d1.sub(d3);
    }
    {
      int c = at + 3 * col;
      FloatVector d0 = ld(d, c);
      FloatVector d1 = ld(d, c + row);
      FloatVector d2 = ld(d, c + 2 * row);
      FloatVector d3 = ld(d, c + 3 * row);
      t03 = d0.sub(d2);
      t13 = d1.add(d2);
      t23 = d2.sub(d1);
      t33 = d1.sub(d3);
    }
    inputRow(t00, t01, t02, t03, v, vAt, plane);
    inputRow(t10, t11, t12, t13, v, vAt + 4 * plane, plane);
    inputRow(t20, t21, t22, t23, v, vAt + 8 * plane, plane);
    inputRow(t30, t31, t32, t33, v, vAt + 12 * plane, plane);
  }

  private static void inputRow(FloatVector t0, FloatVector t1, FloatVector t2, FloatVector t3, float[] v, int at,
      int plane) {
    t0.sub(t2).intoArray(v, at);
    t1.add(t2).intoArray(v, at + plane);
    t2.sub(t1).intoArray(v, at + 2 * plane);
    t1.sub(t3).intoArray(v, at + 3 * plane);
  }

  /**
   * y = Aᵀ M A + biases[biasAt..] for one tile: element ξ of M at {@code m[mAt + ξ·plane]}; the 2×2 result goes to
   * {@code y[yAt]}, {@code y[yAt + col]}, {@code y[yAt + row]}, {@code y[yAt + row + col]}.
   */
  static void output(float[] m, int mAt, int plane, float[] biases, int biasAt, float[] y, int yAt, int row,
      int col) {
    FloatVector bias = ld(biases, biasAt);
    // rows first: s[a][b] = (Aᵀ M)[a][b], for each column b
    FloatVector s00;
    FloatVector s01;
    FloatVector s02;
    FloatVector s03;
    FloatVector s10;
    FloatVector s11;
    FloatVector s12;
    FloatVector s13;
    {
      FloatVector m0 = ld(m, mAt);
      FloatVector m1 = ld(m, mAt + 4 * plane);
      FloatVector m2 = ld(m, mAt + 8 * plane);
      FloatVector m3 = ld(m, mAt + 12 * plane);
      s00 = m0.add(m1).add(m2);
      s10 = m1.sub(m2).sub(m3);
    }
    {
      int at = mAt + plane;
      FloatVector m0 = ld(m, at);
      FloatVector m1 = ld(m, at + 4 * plane);
      FloatVector m2 = ld(m, at + 8 * plane);
      FloatVector m3 = ld(m, at + 12 * plane);
      s01 = m0.add(m1).add(m2);
      s11 = m1.sub(m2).sub(m3);
    }
    {
      int at = mAt + 2 * plane;
      FloatVector m0 = ld(m, at);
      FloatVector m1 = ld(m, at + 4 * plane);
      FloatVector m2 = ld(m, at + 8 * plane);
      FloatVector m3 = ld(m, at + 12 * plane);
      s02 = m0.add(m1).add(m2);
      s12 = m1.sub(m2).sub(m3);
    }
    {
      int at = mAt + 3 * plane;
      FloatVector m0 = ld(m, at);
      FloatVector m1 = ld(m, at + 4 * plane);
      FloatVector m2 = ld(m, at + 8 * plane);
      FloatVector m3 = ld(m, at + 12 * plane);
      s03 = m0.add(m1).add(m2);
      s13 = m1.sub(m2).sub(m3);
    }
    s00.add(s01).add(s02).add(bias).intoArray(y, yAt);
    s01.sub(s02).sub(s03).add(bias).intoArray(y, yAt + col);
    s10.add(s11).add(s12).add(bias).intoArray(y, yAt + row);
    s11.sub(s12).sub(s13).add(bias).intoArray(y, yAt + row + col);
  }

  /** D = A dy Aᵀ for the 2×2 tile of dy at {@code dy[at]} (rows {@code row}, columns {@code col} apart). */
  static void gradient(float[] dy, int at, int row, int col, float[] d, int dAt, int plane) {
    FloatVector y00 = ld(dy, at);
    FloatVector y01 = ld(dy, at + col);
    FloatVector y10 = ld(dy, at + row);
    FloatVector y11 = ld(dy, at + row + col);
    // A dy: rows [y0, y0 + y1, y0 − y1, −y1]
    FloatVector r10 = y00.add(y10);
    FloatVector r11 = y01.add(y11);
    FloatVector r20 = y00.sub(y10);
    FloatVector r21 = y01.sub(y11);
    FloatVector r30 = y10.neg();
    FloatVector r31 = y11.neg();
    gradientRow(y00, y01, d, dAt, plane);
    gradientRow(r10, r11, d, dAt + 4 * plane, plane);
    gradientRow(r20, r21, d, dAt + 8 * plane, plane);
    gradientRow(r30, r31, d, dAt + 12 * plane, plane);
  }

  private static void gradientRow(FloatVector r0, FloatVector r1, float[] d, int at, int plane) {
    r0.intoArray(d, at);
    r0.add(r1).intoArray(d, at + plane);
    r0.sub(r1).intoArray(d, at + 2 * plane);
    r1.neg().intoArray(d, at + 3 * plane);
  }
}
