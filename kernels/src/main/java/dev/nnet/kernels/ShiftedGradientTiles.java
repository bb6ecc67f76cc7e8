package dev.nnet.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link ShiftedWeightGradient}'s register tiles: C output channels × 5 taps of partial vectors (C dy loads and 5 x
 * loads per 5·C FMAs; {@link DirectWeightGradient}'s 2 × 4: 6 per 8), each summed over the positions in order, so
 * a (channel, tap)'s lanes get the same terms in the same order in every tile. Channel oc's dy plane starts at
 * dyAt, the next dyStride later; its partial vector for tap t is at {@code part[(oc·taps + t)·L]}.
 */
final class ShiftedGradientTiles {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();
  static final int TAPS = 5;
  /** The tiles' channel counts, largest first. */
  static final int[] SIZES = {4, 3, 2, 1};

  private ShiftedGradientTiles() {}

  /** Channels oc..oc+channels-1 (one of {@link #SIZES}) × taps t..t+4. */
  static void tile(int channels, float[] xs, float[] dy, int dyAt, int dyStride, int oc, int t, int taps,
      int[] tapOffset, int reach, float[] part) {
    switch (channels) {
      case 4:
        fourChannelsFiveTaps(xs, dy, dyAt, dyStride, oc, t, taps, tapOffset, reach, part);
        break;
      case 3:
        threeChannelsFiveTaps(xs, dy, dyAt, dyStride, oc, t, taps, tapOffset, reach, part);
        break;
      case 2:
        twoChannelsFiveTaps(xs, dy, dyAt, dyStride, oc, t, taps, tapOffset, reach, part);
        break;
      case 1:
        oneChannelFiveTaps(xs, dy, dyAt, dyStride, oc, t, taps, tapOffset, reach, part);
        break;
      default:
        throw new IllegalArgumentException("no tile of " + channels + " channels");
    }
  }

  /** Channels oc..oc+3 × taps t..t+4: their partial vectors in part, plus this sample's terms. */
  static void fourChannelsFiveTaps(float[] xs, float[] dy, int dyAt, int dyStride, int oc, int t, int taps,
      int[] tapOffset, int reach, float[] part) {
    int p0 = (oc * taps + t) * L;
    FloatVector a00 = FloatVector.fromArray(S, part, p0);
    FloatVector a01 = FloatVector.fromArray(S, part, p0 + L);
    FloatVector a02 = FloatVector.fromArray(S, part, p0 + 2 * L);
    FloatVector a03 = FloatVector.fromArray(S, part, p0 + 3 * L);
    FloatVector a04 = FloatVector.fromArray(S, part, p0 + 4 * L);
    int p1 = ((oc + 1) * taps + t) * L;
    FloatVector a10 = FloatVector.fromArray(S, part, p1);
    FloatVector a11 = FloatVector.fromArray(S, part, p1 + L);
    FloatVector a12 = FloatVector.fromArray(S, part, p1 + 2 * L);
    FloatVector a13 = FloatVector.fromArray(S, part, p1 + 3 * L);
    FloatVector a14 = FloatVector.fromArray(S, part, p1 + 4 * L);
    int p2 = ((oc + 2) * taps + t) * L;
    FloatVector a20 = FloatVector.fromArray(S, part, p2);
    FloatVector a21 = FloatVector.fromArray(S, part, p2 + L);
    FloatVector a22 = FloatVector.fromArray(S, part, p2 + 2 * L);
    FloatVector a23 = FloatVector.fromArray(S, part, p2 + 3 * L);
    FloatVector a24 = FloatVector.fromArray(S, part, p2 + 4 * L);
    int p3 = ((oc + 3) * taps + t) * L;
    FloatVector a30 = FloatVector.fromArray(S, part, p3);
    FloatVector a31 = FloatVector.fromArray(S, part, p3 + L);
    FloatVector a32 = FloatVector.fromArray(S, part, p3 + 2 * L);
    FloatVector a33 = FloatVector.fromArray(S, part, p3 + 3 * L);
    FloatVector a34 = FloatVector.fromArray(S, part, p3 + 4 * L);
    int d0 = dyAt;
    int d1 = dyAt + dyStride;
    int d2 = dyAt + 2 * dyStride;
    int d3 = dyAt + 3 * dyStride;
    int f0 = tapOffset[t];
    int f1 = tapOffset[t + 1];
    int f2 = tapOffset[t + 2];
    int f3 = tapOffset[t + 3];
    int f4 = tapOffset[t + 4];
    for (int q = 0; q < reach; q += L) {
      FloatVector g0 = FloatVector.fromArray(S, dy, d0 + q);
      FloatVector g1 = FloatVector.fromArray(S, dy, d1 + q);
      FloatVector g2 = FloatVector.fromArray(S, dy, d2 + q);
      FloatVector g3 = FloatVector.fromArray(S, dy, d3 + q);
      FloatVector x0 = FloatVector.fromArray(S, xs, q + f0);
      a00 = g0.fma(x0, a00);
      a10 = g1.fma(x0, a10);
      a20 = g2.fma(x0, a20);
      a30 = g3.fma(x0, a30);
      FloatVector x1 = FloatVector.fromArray(S, xs, q + f1);
      a01 = g0.fma(x1, a01);
      a11 = g1.fma(x1, a11);
      a21 = g2.fma(x1, a21);
      a31 = g3.fma(x1, a31);
      FloatVector x2 = FloatVector.fromArray(S, xs, q + f2);
      a02 = g0.fma(x2, a02);
      a12 = g1.fma(x2, a12);
      a22 = g2.fma(x2, a22);
      a32 = g3.fma(x2, a32);
      FloatVector x3 = FloatVector.fromArray(S, xs, q + f3);
      a03 = g0.fma(x3, a03);
      a13 = g1.fma(x3, a13);
      a23 = g2.fma(x3, a23);
      a33 = g3.fma(x3, a33);
      FloatVector x4 = FloatVector.fromArray(S, xs, q + f4);
      a04 = g0.fma(x4, a04);
      a14 = g1.fma(x4, a14);
      a24 = g2.fma(x4, a24);
      a34 = g3.fma(x4, a34);
    }
    a00.intoArray(part, p0);
    a01.intoArray(part, p0 + L);
    a02.intoArray(part, p0 + 2 * L);
    a03.intoArray(part, p0 + 3 * L);
    a04.intoArray(part, p0 + 4 * L);
    a10.intoArray(part, p1);
    a11.intoArray(part, p1 + L);
    a12.intoArray(part, p1 + 2 * L);
    a13.intoArray(part, p1 + 3 * L);
    a14.intoArray(part, p1 + 4 * L);
    a20.intoArray(part, p2);
    a21.intoArray(part, p2 + L);
    a22.intoArray(part, p2 + 2 * L);
    a23.intoArray(part, p2 + 3 * L);
    a24.intoArray(part, p2 + 4 * L);
    a30.intoArray(part, p3);
    a31.intoArray(part, p3 + L);
    a32.intoArray(part, p3 + 2 * L);
    a33.intoArray(part, p3 + 3 * L);
    a34.intoArray(part, p3 + 4 * L);
  }

  /** As {@link #fourChannelsFiveTaps}, for 3 channels. */
  static void threeChannelsFiveTaps(float[] xs, float[] dy, int dyAt, int dyStride, int oc, int t, int taps,
      int[] tapOffset, int reach, float[] part) {
    int p0 = (oc * taps + t) * L;
    FloatVector a00 = FloatVector.fromArray(S, part, p0);
    FloatVector a01 = FloatVector.fromArray(S, part, p0 + L);
    FloatVector a02 = FloatVector.fromArray(S, part, p0 + 2 * L);
    FloatVector a03 = FloatVector.fromArray(S, part, p0 + 3 * L);
    FloatVector a04 = FloatVector.fromArray(S, part, p0 + 4 * L);
    int p1 = ((oc + 1) * taps + t) * L;
    FloatVector a10 = FloatVector.fromArray(S, part, p1);
    FloatVector a11 = FloatVector.fromArray(S, part, p1 + L);
    FloatVector a12 = FloatVector.fromArray(S, part, p1 + 2 * L);
    FloatVector a13 = FloatVector.fromArray(S, part, p1 + 3 * L);
    FloatVector a14 = FloatVector.fromArray(S, part, p1 + 4 * L);
    int p2 = ((oc + 2) * taps + t) * L;
    FloatVector a20 = FloatVector.fromArray(S, part, p2);
    FloatVector a21 = FloatVector.fromArray(S, part, p2 + L);
    FloatVector a22 = FloatVector.fromArray(S, part, p2 + 2 * L);
    FloatVector a23 = FloatVector.fromArray(S, part, p2 + 3 * L);
    FloatVector a24 = FloatVector.fromArray(S, part, p2 + 4 * L);
    int d0 = dyAt;
    int d1 = dyAt + dyStride;
    int d2 = dyAt + 2 * dyStride;
    int f0 = tapOffset[t];
    int f1 = tapOffset[t + 1];
    int f2 = tapOffset[t + 2];
    int f3 = tapOffset[t + 3];
    int f4 = tapOffset[t + 4];
    for (int q = 0; q < reach; q += L) {
      FloatVector g0 = FloatVector.fromArray(S, dy, d0 + q);
      FloatVector g1 = FloatVector.fromArray(S, dy, d1 + q);
      FloatVector g2 = FloatVector.fromArray(S, dy, d2 + q);
      FloatVector x0 = FloatVector.fromArray(S, xs, q + f0);
      a00 = g0.fma(x0, a00);
      a10 = g1.fma(x0, a10);
      a20 = g2.fma(x0, a20);
      FloatVector x1 = FloatVector.fromArray(S, xs, q + f1);
      a01 = g0.fma(x1, a01);
      a11 = g1.fma(x1, a11);
      a21 = g2.fma(x1, a21);
      FloatVector x2 = FloatVector.fromArray(S, xs, q + f2);
      a02 = g0.fma(x2, a02);
      a12 = g1.fma(x2, a12);
      a22 = g2.fma(x2, a22);
      FloatVector x3 = FloatVector.fromArray(S, xs, q + f3);
      a03 = g0.fma(x3, a03);
      a13 = g1.fma(x3, a13);
      a23 = g2.fma(x3, a23);
      FloatVector x4 = FloatVector.fromArray(S, xs, q + f4);
      a04 = g0.fma(x4, a04);
      a14 = g1.fma(x4, a14);
      a24 = g2.fma(x4, a24);
    }
    a00.intoArray(part, p0);
    a01.intoArray(part, p0 + L);
    a02.intoArray(part, p0 + 2 * L);
    a03.intoArray(part, p0 + 3 * L);
    a04.intoArray(part, p0 + 4 * L);
    a10.intoArray(part, p1);
    a11.intoArray(part, p1 + L);
    a12.intoArray(part, p1 + 2 * L);
    a13.intoArray(part, p1 + 3 * L);
    a14.intoArray(part, p1 + 4 * L);
    a20.intoArray(part, p2);
    a21.intoArray(part, p2 + L);
    a22.intoArray(part, p2 + 2 * L);
    a23.intoArray(part, p2 + 3 * L);
    a24.intoArray(part, p2 + 4 * L);
  }

  /** As {@link #fourChannelsFiveTaps}, for 2 channels. */
  static void twoChannelsFiveTaps(float[] xs, float[] dy, int dyAt, int dyStride, int oc, int t, int taps,
      int[] tapOffset, int reach, float[] part) {
    int p0 = (oc * taps + t) * L;
    FloatVector a00 = FloatVector.fromArray(S, part, p0);
    FloatVector a01 = FloatVector.fromArray(S, part, p0 + L);
    FloatVector a02 = FloatVector.fromArray(S, part, p0 + 2 * L);
    FloatVector a03 = FloatVector.fromArray(S, part, p0 + 3 * L);
    FloatVector a04 = FloatVector.fromArray(S, part, p0 + 4 * L);
    int p1 = ((oc + 1) * taps + t) * L;
    FloatVector a10 = FloatVector.fromArray(S, part, p1);
    FloatVector a11 = FloatVector.fromArray(S, part, p1 + L);
    FloatVector a12 = FloatVector.fromArray(S, part, p1 + 2 * L);
    FloatVector a13 = FloatVector.fromArray(S, part, p1 + 3 * L);
    FloatVector a14 = FloatVector.fromArray(S, part, p1 + 4 * L);
    int d0 = dyAt;
    int d1 = dyAt + dyStride;
    int f0 = tapOffset[t];
    int f1 = tapOffset[t + 1];
    int f2 = tapOffset[t + 2];
    int f3 = tapOffset[t + 3];
    int f4 = tapOffset[t + 4];
    for (int q = 0; q < reach; q += L) {
      FloatVector g0 = FloatVector.fromArray(S, dy, d0 + q);
      FloatVector g1 = FloatVector.fromArray(S, dy, d1 + q);
      FloatVector x0 = FloatVector.fromArray(S, xs, q + f0);
      a00 = g0.fma(x0, a00);
      a10 = g1.fma(x0, a10);
      FloatVector x1 = FloatVector.fromArray(S, xs, q + f1);
      a01 = g0.fma(x1, a01);
      a11 = g1.fma(x1, a11);
      FloatVector x2 = FloatVector.fromArray(S, xs, q + f2);
      a02 = g0.fma(x2, a02);
      a12 = g1.fma(x2, a12);
      FloatVector x3 = FloatVector.fromArray(S, xs, q + f3);
      a03 = g0.fma(x3, a03);
      a13 = g1.fma(x3, a13);
      FloatVector x4 = FloatVector.fromArray(S, xs, q + f4);
      a04 = g0.fma(x4, a04);
      a14 = g1.fma(x4, a14);
    }
    a00.intoArray(part, p0);
    a01.intoArray(part, p0 + L);
    a02.intoArray(part, p0 + 2 * L);
    a03.intoArray(part, p0 + 3 * L);
    a04.intoArray(part, p0 + 4 * L);
    a10.intoArray(part, p1);
    a11.intoArray(part, p1 + L);
    a12.intoArray(part, p1 + 2 * L);
    a13.intoArray(part, p1 + 3 * L);
    a14.intoArray(part, p1 + 4 * L);
  }

  /** As {@link #fourChannelsFiveTaps}, for 1 channel. */
  static void oneChannelFiveTaps(float[] xs, float[] dy, int dyAt, int dyStride, int oc, int t, int taps,
      int[] tapOffset, int reach, float[] part) {
    int p0 = (oc * taps + t) * L;
    FloatVector a00 = FloatVector.fromArray(S, part, p0);
    FloatVector a01 = FloatVector.fromArray(S, part, p0 + L);
    FloatVector a02 = FloatVector.fromArray(S, part, p0 + 2 * L);
    FloatVector a03 = FloatVector.fromArray(S, part, p0 + 3 * L);
    FloatVector a04 = FloatVector.fromArray(S, part, p0 + 4 * L);
    int d0 = dyAt;
    int f0 = tapOffset[t];
    int f1 = tapOffset[t + 1];
    int f2 = tapOffset[t + 2];
    int f3 = tapOffset[t + 3];
    int f4 = tapOffset[t + 4];
    for (int q = 0; q < reach; q += L) {
      FloatVector g0 = FloatVector.fromArray(S, dy, d0 + q);
      FloatVector x0 = FloatVector.fromArray(S, xs, q + f0);
      a00 = g0.fma(x0, a00);
      FloatVector x1 = FloatVector.fromArray(S, xs, q + f1);
      a01 = g0.fma(x1, a01);
      FloatVector x2 = FloatVector.fromArray(S, xs, q + f2);
      a02 = g0.fma(x2, a02);
      FloatVector x3 = FloatVector.fromArray(S, xs, q + f3);
      a03 = g0.fma(x3, a03);
      FloatVector x4 = FloatVector.fromArray(S, xs, q + f4);
      a04 = g0.fma(x4, a04);
    }
    a00.intoArray(part, p0);
    a01.intoArray(part, p0 + L);
    a02.intoArray(part, p0 + 2 * L);
    a03.intoArray(part, p0 + 3 * L);
    a04.intoArray(part, p0 + 4 * L);
  }

  /** One channel × one tap, for the taps past the last whole group of 5. */
  static void oneTap(float[] xs, float[] dy, int dyAt, int oc, int t, int taps, int[] tapOffset, int reach,
      float[] part) {
    int p = (oc * taps + t) * L;
    FloatVector a = FloatVector.fromArray(S, part, p);
    int f = tapOffset[t];
    for (int q = 0; q < reach; q += L) {
      a = FloatVector.fromArray(S, dy, dyAt + q).fma(FloatVector.fromArray(S, xs, q + f), a);
    }
    a.intoArray(part, p);
  }
}
