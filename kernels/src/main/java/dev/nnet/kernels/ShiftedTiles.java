package dev.nnet.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link ShiftedConv}'s register tiles: C output channels × {@value #V} vectors of positions, summed over the taps
 * in weight order in one loop over a tap table (nested loops box the accumulators in C2), then stored as
 * {@code max(sum + bias, floor)} (floor 0: ReLU; −∞: none). Per tap, {@value #V} loads and C broadcasts feed
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
  static void tile(int channels, float[] xs, int q, int[] tapOffset, float[] w, int oc, int taps, float[] bias,
      float floor, float[] y, int yAt, int stride) {
    switch (channels) {
      case 6:
        sixChannels(xs, q, tapOffset, w, oc, taps, bias, floor, y, yAt, stride);
        break;
      case 5:
        fiveChannels(xs, q, tapOffset, w, oc, taps, bias, floor, y, yAt, stride);
        break;
      case 4:
        fourChannels(xs, q, tapOffset, w, oc, taps, bias, floor, y, yAt, stride);
        break;
      case 2:
        twoChannels(xs, q, tapOffset, w, oc, taps, bias, floor, y, yAt, stride);
        break;
      case 1:
        oneChannel(xs, q, tapOffset, w, oc, taps, bias, floor, y, yAt, stride);
        break;
      default:
        throw new IllegalArgumentException("no tile of " + channels + " channels");
    }
  }

  /** Output channels oc..oc+5 at positions [q, q + V·L): y = max(sum + bias, floor). */
  static void sixChannels(float[] xs, int q, int[] tapOffset, float[] w, int oc, int taps, float[] bias,
      float floor, float[] y, int yAt, int stride) {
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
    FloatVector low = FloatVector.broadcast(S, floor);
    int at = yAt + oc * stride + q;
    FloatVector b0 = FloatVector.broadcast(S, bias[oc]);
    a00.add(b0).max(low).intoArray(y, at);
    a01.add(b0).max(low).intoArray(y, at + L);
    a02.add(b0).max(low).intoArray(y, at + 2 * L);
    a03.add(b0).max(low).intoArray(y, at + 3 * L);
    FloatVector b1 = FloatVector.broadcast(S, bias[oc + 1]);
    a10.add(b1).max(low).intoArray(y, at + stride);
    a11.add(b1).max(low).intoArray(y, at + stride + L);
    a12.add(b1).max(low).intoArray(y, at + stride + 2 * L);
    a13.add(b1).max(low).intoArray(y, at + stride + 3 * L);
    FloatVector b2 = FloatVector.broadcast(S, bias[oc + 2]);
    a20.add(b2).max(low).intoArray(y, at + 2 * stride);
    a21.add(b2).max(low).intoArray(y, at + 2 * stride + L);
    a22.add(b2).max(low).intoArray(y, at + 2 * stride + 2 * L);
    a23.add(b2).max(low).intoArray(y, at + 2 * stride + 3 * L);
    FloatVector b3 = FloatVector.broadcast(S, bias[oc + 3]);
    a30.add(b3).max(low).intoArray(y, at + 3 * stride);
    a31.add(b3).max(low).intoArray(y, at + 3 * stride + L);
    a32.add(b3).max(low).intoArray(y, at + 3 * stride + 2 * L);
    a33.add(b3).max(low).intoArray(y, at + 3 * stride + 3 * L);
    FloatVector b4 = FloatVector.broadcast(S, bias[oc + 4]);
    a40.add(b4).max(low).intoArray(y, at + 4 * stride);
    a41.add(b4).max(low).intoArray(y, at + 4 * stride + L);
    a42.add(b4).max(low).intoArray(y, at + 4 * stride + 2 * L);
    a43.add(b4).max(low).intoArray(y, at + 4 * stride + 3 * L);
    FloatVector b5 = FloatVector.broadcast(S, bias[oc + 5]);
    a50.add(b5).max(low).intoArray(y, at + 5 * stride);
    a51.add(b5).max(low).intoArray(y, at + 5 * stride + L);
    a52.add(b5).max(low).intoArray(y, at + 5 * stride + 2 * L);
    a53.add(b5).max(low).intoArray(y, at + 5 * stride + 3 * L);
  }

  /** As {@link #sixChannels}, for 5 channels. */
  static void fiveChannels(float[] xs, int q, int[] tapOffset, float[] w, int oc, int taps, float[] bias,
      float floor, float[] y, int yAt, int stride) {
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
    FloatVector low = FloatVector.broadcast(S, floor);
    int at = yAt + oc * stride + q;
    FloatVector b0 = FloatVector.broadcast(S, bias[oc]);
    a00.add(b0).max(low).intoArray(y, at);
    a01.add(b0).max(low).intoArray(y, at + L);
    a02.add(b0).max(low).intoArray(y, at + 2 * L);
    a03.add(b0).max(low).intoArray(y, at + 3 * L);
    FloatVector b1 = FloatVector.broadcast(S, bias[oc + 1]);
    a10.add(b1).max(low).intoArray(y, at + stride);
    a11.add(b1).max(low).intoArray(y, at + stride + L);
    a12.add(b1).max(low).intoArray(y, at + stride + 2 * L);
    a13.add(b1).max(low).intoArray(y, at + stride + 3 * L);
    FloatVector b2 = FloatVector.broadcast(S, bias[oc + 2]);
    a20.add(b2).max(low).intoArray(y, at + 2 * stride);
    a21.add(b2).max(low).intoArray(y, at + 2 * stride + L);
    a22.add(b2).max(low).intoArray(y, at + 2 * stride + 2 * L);
    a23.add(b2).max(low).intoArray(y, at + 2 * stride + 3 * L);
    FloatVector b3 = FloatVector.broadcast(S, bias[oc + 3]);
    a30.add(b3).max(low).intoArray(y, at + 3 * stride);
    a31.add(b3).max(low).intoArray(y, at + 3 * stride + L);
    a32.add(b3).max(low).intoArray(y, at + 3 * stride + 2 * L);
    a33.add(b3).max(low).intoArray(y, at + 3 * stride + 3 * L);
    FloatVector b4 = FloatVector.broadcast(S, bias[oc + 4]);
    a40.add(b4).max(low).intoArray(y, at + 4 * stride);
    a41.add(b4).max(low).intoArray(y, at + 4 * stride + L);
    a42.add(b4).max(low).intoArray(y, at + 4 * stride + 2 * L);
    a43.add(b4).max(low).intoArray(y, at + 4 * stride + 3 * L);
  }

  /** As {@link #sixChannels}, for 4 channels. */
  static void fourChannels(float[] xs, int q, int[] tapOffset, float[] w, int oc, int taps, float[] bias,
      float floor, float[] y, int yAt, int stride) {
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
    FloatVector low = FloatVector.broadcast(S, floor);
    int at = yAt + oc * stride + q;
    FloatVector b0 = FloatVector.broadcast(S, bias[oc]);
    a00.add(b0).max(low).intoArray(y, at);
    a01.add(b0).max(low).intoArray(y, at + L);
    a02.add(b0).max(low).intoArray(y, at + 2 * L);
    a03.add(b0).max(low).intoArray(y, at + 3 * L);
    FloatVector b1 = FloatVector.broadcast(S, bias[oc + 1]);
    a10.add(b1).max(low).intoArray(y, at + stride);
    a11.add(b1).max(low).intoArray(y, at + stride + L);
    a12.add(b1).max(low).intoArray(y, at + stride + 2 * L);
    a13.add(b1).max(low).intoArray(y, at + stride + 3 * L);
    FloatVector b2 = FloatVector.broadcast(S, bias[oc + 2]);
    a20.add(b2).max(low).intoArray(y, at + 2 * stride);
    a21.add(b2).max(low).intoArray(y, at + 2 * stride + L);
    a22.add(b2).max(low).intoArray(y, at + 2 * stride + 2 * L);
    a23.add(b2).max(low).intoArray(y, at + 2 * stride + 3 * L);
    FloatVector b3 = FloatVector.broadcast(S, bias[oc + 3]);
    a30.add(b3).max(low).intoArray(y, at + 3 * stride);
    a31.add(b3).max(low).intoArray(y, at + 3 * stride + L);
    a32.add(b3).max(low).intoArray(y, at + 3 * stride + 2 * L);
    a33.add(b3).max(low).intoArray(y, at + 3 * stride + 3 * L);
  }

  /** As {@link #sixChannels}, for 2 channels. */
  static void twoChannels(float[] xs, int q, int[] tapOffset, float[] w, int oc, int taps, float[] bias,
      float floor, float[] y, int yAt, int stride) {
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
    FloatVector low = FloatVector.broadcast(S, floor);
    int at = yAt + oc * stride + q;
    FloatVector b0 = FloatVector.broadcast(S, bias[oc]);
    a00.add(b0).max(low).intoArray(y, at);
    a01.add(b0).max(low).intoArray(y, at + L);
    a02.add(b0).max(low).intoArray(y, at + 2 * L);
    a03.add(b0).max(low).intoArray(y, at + 3 * L);
    FloatVector b1 = FloatVector.broadcast(S, bias[oc + 1]);
    a10.add(b1).max(low).intoArray(y, at + stride);
    a11.add(b1).max(low).intoArray(y, at + stride + L);
    a12.add(b1).max(low).intoArray(y, at + stride + 2 * L);
    a13.add(b1).max(low).intoArray(y, at + stride + 3 * L);
  }

  /** As {@link #sixChannels}, for 1 channel. */
  static void oneChannel(float[] xs, int q, int[] tapOffset, float[] w, int oc, int taps, float[] bias,
      float floor, float[] y, int yAt, int stride) {
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
    FloatVector low = FloatVector.broadcast(S, floor);
    int at = yAt + oc * stride + q;
    FloatVector b0 = FloatVector.broadcast(S, bias[oc]);
    a00.add(b0).max(low).intoArray(y, at);
    a01.add(b0).max(low).intoArray(y, at + L);
    a02.add(b0).max(low).intoArray(y, at + 2 * L);
    a03.add(b0).max(low).intoArray(y, at + 3 * L);
  }
}
