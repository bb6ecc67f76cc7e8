package dev.nnet.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link ShiftedConv}'s register tiles: C output channels × {@value #V} vectors of positions, summed over the taps
 * in weight order in one loop over a tap table (nested loops box the accumulators in C2), and stored. Only loads,
 * broadcasts, FMAs and stores, as in {@link DirectConv}: with the bias and ReLU in the store too, C2 boxed
 * (0.9 MB a call) once the direct kernels had run in the same JVM. Per tap, {@value #V} loads and C broadcasts feed
 * {@value #V}·C FMAs ({@link DirectConv}'s 4 × 2 tile: 6 per 8).
 */
final class ShiftedTiles {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();
  /** Vectors of positions per tile. */
  static final int V = 4;
  /** The tiles' channel counts, largest first. */
  static final int[] SIZES = {6, 5, 4, 2, 1};

  private ShiftedTiles() {}

  /** The tile of {@code channels} output channels (one of {@link #SIZES}). */
  static void tile(int channels, float[] xs, int q, int[] tapOffset, float[] w, int oc, int taps, float[] y,
      int yAt, int stride) {
    switch (channels) {
      case 6:
        sixChannels(xs, q, tapOffset, w, oc, taps, y, yAt, stride);
        break;
      case 5:
        fiveChannels(xs, q, tapOffset, w, oc, taps, y, yAt, stride);
        break;
      case 4:
        fourChannels(xs, q, tapOffset, w, oc, taps, y, yAt, stride);
        break;
      case 2:
        twoChannels(xs, q, tapOffset, w, oc, taps, y, yAt, stride);
        break;
      case 1:
        oneChannel(xs, q, tapOffset, w, oc, taps, y, yAt, stride);
        break;
      default:
        throw new IllegalArgumentException("no tile of " + channels + " channels");
    }
  }

  /** Output channels oc..oc+5 at positions [q, q + V·L): the sums into y. */
  static void sixChannels(float[] xs, int q, int[] tapOffset, float[] w, int oc, int taps,
      float[] y, int yAt, int stride) {
    FloatVector zero = FloatVector.zero(S);
    FloatVector a00 = zero;
    FloatVector a01 = zero;
    FloatVector a02 = zero;
    FloatVector a03 = zero;
    FloatVector a10 = zero;
    FloatVector a11 = zero;
    FloatVector a12 = zero;
    FloatVector a13 = zero;
    FloatVector a20 = zero;
    FloatVector a21 = zero;
    FloatVector a22 = zero;
    FloatVector a23 = zero;
    FloatVector a30 = zero;
    FloatVector a31 = zero;
    FloatVector a32 = zero;
    FloatVector a33 = zero;
    FloatVector a40 = zero;
    FloatVector a41 = zero;
    FloatVector a42 = zero;
    FloatVector a43 = zero;
    FloatVector a50 = zero;
    FloatVector a51 = zero;
    FloatVector a52 = zero;
    FloatVector a53 = zero;
    int wAt = oc * taps;
    for (int t = 0; t < taps; t++) {
      int at = q + tapOffset[t];
      FloatVector x0 = FloatVector.fromArray(S, xs, at);
      FloatVector x1 = FloatVector.fromArray(S, xs, at + L);
      FloatVector x2 = FloatVector.fromArray(S, xs, at + 2 * L);
      FloatVector x3 = FloatVector.fromArray(S, xs, at + 3 * L);
      FloatVector w0 = FloatVector.broadcast(S, w[wAt + t]);
      a00 = x0.fma(w0, a00);
      a01 = x1.fma(w0, a01);
      a02 = x2.fma(w0, a02);
      a03 = x3.fma(w0, a03);
      FloatVector w1 = FloatVector.broadcast(S, w[wAt + taps + t]);
      a10 = x0.fma(w1, a10);
      a11 = x1.fma(w1, a11);
      a12 = x2.fma(w1, a12);
      a13 = x3.fma(w1, a13);
      FloatVector w2 = FloatVector.broadcast(S, w[wAt + 2 * taps + t]);
      a20 = x0.fma(w2, a20);
      a21 = x1.fma(w2, a21);
      a22 = x2.fma(w2, a22);
      a23 = x3.fma(w2, a23);
      FloatVector w3 = FloatVector.broadcast(S, w[wAt + 3 * taps + t]);
      a30 = x0.fma(w3, a30);
      a31 = x1.fma(w3, a31);
      a32 = x2.fma(w3, a32);
      a33 = x3.fma(w3, a33);
      FloatVector w4 = FloatVector.broadcast(S, w[wAt + 4 * taps + t]);
      a40 = x0.fma(w4, a40);
      a41 = x1.fma(w4, a41);
      a42 = x2.fma(w4, a42);
      a43 = x3.fma(w4, a43);
      FloatVector w5 = FloatVector.broadcast(S, w[wAt + 5 * taps + t]);
      a50 = x0.fma(w5, a50);
      a51 = x1.fma(w5, a51);
      a52 = x2.fma(w5, a52);
      a53 = x3.fma(w5, a53);
    }
    int at = yAt + oc * stride + q;
    a00.intoArray(y, at);
    a01.intoArray(y, at + L);
    a02.intoArray(y, at + 2 * L);
    a03.intoArray(y, at + 3 * L);
    a10.intoArray(y, at + stride);
    a11.intoArray(y, at + stride + L);
    a12.intoArray(y, at + stride + 2 * L);
    a13.intoArray(y, at + stride + 3 * L);
    a20.intoArray(y, at + 2 * stride);
    a21.intoArray(y, at + 2 * stride + L);
    a22.intoArray(y, at + 2 * stride + 2 * L);
    a23.intoArray(y, at + 2 * stride + 3 * L);
    a30.intoArray(y, at + 3 * stride);
    a31.intoArray(y, at + 3 * stride + L);
    a32.intoArray(y, at + 3 * stride + 2 * L);
    a33.intoArray(y, at + 3 * stride + 3 * L);
    a40.intoArray(y, at + 4 * stride);
    a41.intoArray(y, at + 4 * stride + L);
    a42.intoArray(y, at + 4 * stride + 2 * L);
    a43.intoArray(y, at + 4 * stride + 3 * L);
    a50.intoArray(y, at + 5 * stride);
    a51.intoArray(y, at + 5 * stride + L);
    a52.intoArray(y, at + 5 * stride + 2 * L);
    a53.intoArray(y, at + 5 * stride + 3 * L);
  }

  /** As {@link #sixChannels}, for 5 channels. */
  static void fiveChannels(float[] xs, int q, int[] tapOffset, float[] w, int oc, int taps,
      float[] y, int yAt, int stride) {
    FloatVector zero = FloatVector.zero(S);
    FloatVector a00 = zero;
    FloatVector a01 = zero;
    FloatVector a02 = zero;
    FloatVector a03 = zero;
    FloatVector a10 = zero;
    FloatVector a11 = zero;
    FloatVector a12 = zero;
    FloatVector a13 = zero;
    FloatVector a20 = zero;
    FloatVector a21 = zero;
    FloatVector a22 = zero;
    FloatVector a23 = zero;
    FloatVector a30 = zero;
    FloatVector a31 = zero;
    FloatVector a32 = zero;
    FloatVector a33 = zero;
    FloatVector a40 = zero;
    FloatVector a41 = zero;
    FloatVector a42 = zero;
    FloatVector a43 = zero;
    int wAt = oc * taps;
    for (int t = 0; t < taps; t++) {
      int at = q + tapOffset[t];
      FloatVector x0 = FloatVector.fromArray(S, xs, at);
      FloatVector x1 = FloatVector.fromArray(S, xs, at + L);
      FloatVector x2 = FloatVector.fromArray(S, xs, at + 2 * L);
      FloatVector x3 = FloatVector.fromArray(S, xs, at + 3 * L);
      FloatVector w0 = FloatVector.broadcast(S, w[wAt + t]);
      a00 = x0.fma(w0, a00);
      a01 = x1.fma(w0, a01);
      a02 = x2.fma(w0, a02);
      a03 = x3.fma(w0, a03);
      FloatVector w1 = FloatVector.broadcast(S, w[wAt + taps + t]);
      a10 = x0.fma(w1, a10);
      a11 = x1.fma(w1, a11);
      a12 = x2.fma(w1, a12);
      a13 = x3.fma(w1, a13);
      FloatVector w2 = FloatVector.broadcast(S, w[wAt + 2 * taps + t]);
      a20 = x0.fma(w2, a20);
      a21 = x1.fma(w2, a21);
      a22 = x2.fma(w2, a22);
      a23 = x3.fma(w2, a23);
      FloatVector w3 = FloatVector.broadcast(S, w[wAt + 3 * taps + t]);
      a30 = x0.fma(w3, a30);
      a31 = x1.fma(w3, a31);
      a32 = x2.fma(w3, a32);
      a33 = x3.fma(w3, a33);
      FloatVector w4 = FloatVector.broadcast(S, w[wAt + 4 * taps + t]);
      a40 = x0.fma(w4, a40);
      a41 = x1.fma(w4, a41);
      a42 = x2.fma(w4, a42);
      a43 = x3.fma(w4, a43);
    }
    int at = yAt + oc * stride + q;
    a00.intoArray(y, at);
    a01.intoArray(y, at + L);
    a02.intoArray(y, at + 2 * L);
    a03.intoArray(y, at + 3 * L);
    a10.intoArray(y, at + stride);
    a11.intoArray(y, at + stride + L);
    a12.intoArray(y, at + stride + 2 * L);
    a13.intoArray(y, at + stride + 3 * L);
    a20.intoArray(y, at + 2 * stride);
    a21.intoArray(y, at + 2 * stride + L);
    a22.intoArray(y, at + 2 * stride + 2 * L);
    a23.intoArray(y, at + 2 * stride + 3 * L);
    a30.intoArray(y, at + 3 * stride);
    a31.intoArray(y, at + 3 * stride + L);
    a32.intoArray(y, at + 3 * stride + 2 * L);
    a33.intoArray(y, at + 3 * stride + 3 * L);
    a40.intoArray(y, at + 4 * stride);
    a41.intoArray(y, at + 4 * stride + L);
    a42.intoArray(y, at + 4 * stride + 2 * L);
    a43.intoArray(y, at + 4 * stride + 3 * L);
  }

  /** As {@link #sixChannels}, for 4 channels. */
  static void fourChannels(float[] xs, int q, int[] tapOffset, float[] w, int oc, int taps,
      float[] y, int yAt, int stride) {
    FloatVector zero = FloatVector.zero(S);
    FloatVector a00 = zero;
    FloatVector a01 = zero;
    FloatVector a02 = zero;
    FloatVector a03 = zero;
    FloatVector a10 = zero;
    FloatVector a11 = zero;
    FloatVector a12 = zero;
    FloatVector a13 = zero;
    FloatVector a20 = zero;
    FloatVector a21 = zero;
    FloatVector a22 = zero;
    FloatVector a23 = zero;
    FloatVector a30 = zero;
    FloatVector a31 = zero;
    FloatVector a32 = zero;
    FloatVector a33 = zero;
    int wAt = oc * taps;
    for (int t = 0; t < taps; t++) {
      int at = q + tapOffset[t];
      FloatVector x0 = FloatVector.fromArray(S, xs, at);
      FloatVector x1 = FloatVector.fromArray(S, xs, at + L);
      FloatVector x2 = FloatVector.fromArray(S, xs, at + 2 * L);
      FloatVector x3 = FloatVector.fromArray(S, xs, at + 3 * L);
      FloatVector w0 = FloatVector.broadcast(S, w[wAt + t]);
      a00 = x0.fma(w0, a00);
      a01 = x1.fma(w0, a01);
      a02 = x2.fma(w0, a02);
      a03 = x3.fma(w0, a03);
      FloatVector w1 = FloatVector.broadcast(S, w[wAt + taps + t]);
      a10 = x0.fma(w1, a10);
      a11 = x1.fma(w1, a11);
      a12 = x2.fma(w1, a12);
      a13 = x3.fma(w1, a13);
      FloatVector w2 = FloatVector.broadcast(S, w[wAt + 2 * taps + t]);
      a20 = x0.fma(w2, a20);
      a21 = x1.fma(w2, a21);
      a22 = x2.fma(w2, a22);
      a23 = x3.fma(w2, a23);
      FloatVector w3 = FloatVector.broadcast(S, w[wAt + 3 * taps + t]);
      a30 = x0.fma(w3, a30);
      a31 = x1.fma(w3, a31);
      a32 = x2.fma(w3, a32);
      a33 = x3.fma(w3, a33);
    }
    int at = yAt + oc * stride + q;
    a00.intoArray(y, at);
    a01.intoArray(y, at + L);
    a02.intoArray(y, at + 2 * L);
    a03.intoArray(y, at + 3 * L);
    a10.intoArray(y, at + stride);
    a11.intoArray(y, at + stride + L);
    a12.intoArray(y, at + stride + 2 * L);
    a13.intoArray(y, at + stride + 3 * L);
    a20.intoArray(y, at + 2 * stride);
    a21.intoArray(y, at + 2 * stride + L);
    a22.intoArray(y, at + 2 * stride + 2 * L);
    a23.intoArray(y, at + 2 * stride + 3 * L);
    a30.intoArray(y, at + 3 * stride);
    a31.intoArray(y, at + 3 * stride + L);
    a32.intoArray(y, at + 3 * stride + 2 * L);
    a33.intoArray(y, at + 3 * stride + 3 * L);
  }

  /** As {@link #sixChannels}, for 2 channels. */
  static void twoChannels(float[] xs, int q, int[] tapOffset, float[] w, int oc, int taps,
      float[] y, int yAt, int stride) {
    FloatVector zero = FloatVector.zero(S);
    FloatVector a00 = zero;
    FloatVector a01 = zero;
    FloatVector a02 = zero;
    FloatVector a03 = zero;
    FloatVector a10 = zero;
    FloatVector a11 = zero;
    FloatVector a12 = zero;
    FloatVector a13 = zero;
    int wAt = oc * taps;
    for (int t = 0; t < taps; t++) {
      int at = q + tapOffset[t];
      FloatVector x0 = FloatVector.fromArray(S, xs, at);
      FloatVector x1 = FloatVector.fromArray(S, xs, at + L);
      FloatVector x2 = FloatVector.fromArray(S, xs, at + 2 * L);
      FloatVector x3 = FloatVector.fromArray(S, xs, at + 3 * L);
      FloatVector w0 = FloatVector.broadcast(S, w[wAt + t]);
      a00 = x0.fma(w0, a00);
      a01 = x1.fma(w0, a01);
      a02 = x2.fma(w0, a02);
      a03 = x3.fma(w0, a03);
      FloatVector w1 = FloatVector.broadcast(S, w[wAt + taps + t]);
      a10 = x0.fma(w1, a10);
      a11 = x1.fma(w1, a11);
      a12 = x2.fma(w1, a12);
      a13 = x3.fma(w1, a13);
    }
    int at = yAt + oc * stride + q;
    a00.intoArray(y, at);
    a01.intoArray(y, at + L);
    a02.intoArray(y, at + 2 * L);
    a03.intoArray(y, at + 3 * L);
    a10.intoArray(y, at + stride);
    a11.intoArray(y, at + stride + L);
    a12.intoArray(y, at + stride + 2 * L);
    a13.intoArray(y, at + stride + 3 * L);
  }

  /** As {@link #sixChannels}, for 1 channel. */
  static void oneChannel(float[] xs, int q, int[] tapOffset, float[] w, int oc, int taps,
      float[] y, int yAt, int stride) {
    FloatVector zero = FloatVector.zero(S);
    FloatVector a00 = zero;
    FloatVector a01 = zero;
    FloatVector a02 = zero;
    FloatVector a03 = zero;
    int wAt = oc * taps;
    for (int t = 0; t < taps; t++) {
      int at = q + tapOffset[t];
      FloatVector x0 = FloatVector.fromArray(S, xs, at);
      FloatVector x1 = FloatVector.fromArray(S, xs, at + L);
      FloatVector x2 = FloatVector.fromArray(S, xs, at + 2 * L);
      FloatVector x3 = FloatVector.fromArray(S, xs, at + 3 * L);
      FloatVector w0 = FloatVector.broadcast(S, w[wAt + t]);
      a00 = x0.fma(w0, a00);
      a01 = x1.fma(w0, a01);
      a02 = x2.fma(w0, a02);
      a03 = x3.fma(w0, a03);
    }
    int at = yAt + oc * stride + q;
    a00.intoArray(y, at);
    a01.intoArray(y, at + L);
    a02.intoArray(y, at + 2 * L);
    a03.intoArray(y, at + 3 * L);
  }
}
