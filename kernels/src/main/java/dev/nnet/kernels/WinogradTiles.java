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
    // then rows: V[a] = (t[a][0] − t[a][2], t[a][1] + t[a][2], t[a][2] − t[a][1], t[a][1] − t[a][3]); written out
    // rather than a helper taking vectors, which C2 did not always inline (the vectors were then boxed)
    t00.sub(t02).intoArray(v, vAt);
    t01.add(t02).intoArray(v, vAt + plane);
    t02.sub(t01).intoArray(v, vAt + 2 * plane);
    t01.sub(t03).intoArray(v, vAt + 3 * plane);
    t10.sub(t12).intoArray(v, vAt + 4 * plane);
    t11.add(t12).intoArray(v, vAt + 5 * plane);
    t12.sub(t11).intoArray(v, vAt + 6 * plane);
    t11.sub(t13).intoArray(v, vAt + 7 * plane);
    t20.sub(t22).intoArray(v, vAt + 8 * plane);
    t21.add(t22).intoArray(v, vAt + 9 * plane);
    t22.sub(t21).intoArray(v, vAt + 10 * plane);
    t21.sub(t23).intoArray(v, vAt + 11 * plane);
    t30.sub(t32).intoArray(v, vAt + 12 * plane);
    t31.add(t32).intoArray(v, vAt + 13 * plane);
    t32.sub(t31).intoArray(v, vAt + 14 * plane);
    t31.sub(t33).intoArray(v, vAt + 15 * plane);
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

  /**
   * D = A dy Aᵀ for the 2×2 tile of dy at {@code dy[at]} (rows {@code row}, columns {@code col} apart). D[5] is the
   * tile's sum, which is added to {@code sums[sumAt]} (the bias gradient).
   */
  static void gradient(float[] dy, int at, int row, int col, float[] d, int dAt, int plane, float[] sums,
      int sumAt) {
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
    // then columns: (r0, r0 + r1, r0 − r1, −r1) for each row, written out (see input)
    y00.intoArray(d, dAt);
    y00.add(y01).intoArray(d, dAt + plane);
    y00.sub(y01).intoArray(d, dAt + 2 * plane);
    y01.neg().intoArray(d, dAt + 3 * plane);
    r10.intoArray(d, dAt + 4 * plane);
    FloatVector tileSum = r10.add(r11);
    tileSum.intoArray(d, dAt + 5 * plane);
    ld(sums, sumAt).add(tileSum).intoArray(sums, sumAt);
    r10.sub(r11).intoArray(d, dAt + 6 * plane);
    r11.neg().intoArray(d, dAt + 7 * plane);
    r20.intoArray(d, dAt + 8 * plane);
    r20.add(r21).intoArray(d, dAt + 9 * plane);
    r20.sub(r21).intoArray(d, dAt + 10 * plane);
    r21.neg().intoArray(d, dAt + 11 * plane);
    r30.intoArray(d, dAt + 12 * plane);
    r30.add(r31).intoArray(d, dAt + 13 * plane);
    r30.sub(r31).intoArray(d, dAt + 14 * plane);
    r31.neg().intoArray(d, dAt + 15 * plane);
  }

  /**
   * One sample's NCHW planes (channels a multiple of L) into a channel-last buffer: position (h, w) of channels
   * c..c+L is one gather ({@code lanes}: the plane offsets) and one store at {@code at + h·row + w·pitch + c}.
   */
  static void gather(float[] x, int xAt, int channels, int height, int width, int[] lanes, float[] buffer, int at,
      int row, int pitch) {
    int plane = height * width;
    for (int c = 0; c < channels; c += L) {
      for (int h = 0; h < height; h++) {
        for (int w = 0; w < width; w++) {
          FloatVector.fromArray(S, x, xAt + c * plane + h * width + w, lanes, 0)
              .intoArray(buffer, at + h * row + w * pitch + c);
        }
      }
    }
  }

  /** The inverse of {@link #gather}: a channel-last buffer into NCHW planes, one load and one scatter a position. */
  static void scatter(float[] buffer, int at, int row, int pitch, int channels, int height, int width, int[] lanes,
      float[] y, int yAt) {
    int plane = height * width;
    for (int c = 0; c < channels; c += L) {
      for (int h = 0; h < height; h++) {
        for (int w = 0; w < width; w++) {
          ld(buffer, at + h * row + w * pitch + c).intoArray(y, yAt + c * plane + h * width + w, lanes, 0);
        }
      }
    }
  }
}
