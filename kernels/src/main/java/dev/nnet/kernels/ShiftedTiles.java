package dev.nnet.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link ShiftedConv}'s register tiles: C output channels × {@value #V} vectors of positions, each the bias plus the
 * taps in weight order (one loop over a tap table: nested loops box the accumulators in C2), stored. Only loads,
 * broadcasts, FMAs and stores, as in {@link DirectConv}: with the bias added and ReLU applied in the store, C2
 * boxed (0.9 MB a call) once the direct kernels had run in the same JVM. Per tap, {@value #V} loads and C
 * broadcasts feed {@value #V}·C FMAs ({@link DirectConv}'s 4 × 2 tile: 6 per 8).
 */
final class ShiftedTiles {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();
  /** Vectors of positions per tile. */
  static final int V = 4;
  /** The tiles' channel counts, largest first. */
  static final int[] SIZES = {5, 4, 3, 2, 1};

  private ShiftedTiles() {}

  /** The tile of {@code channels} output channels (one of {@link #SIZES}). */
  static void tile(int channels, float[] xs, int q, int[] tapOffset, float[] w, int oc, int taps, float[] bias,
      float[] y, int yAt, int stride) {
    switch (channels) {
      case 5:
        fiveChannels(xs, q, tapOffset, w, oc, taps, bias, y, yAt, stride);
        break;
      case 4:
        fourChannels(xs, q, tapOffset, w, oc, taps, bias, y, yAt, stride);
        break;
      case 3:
        threeChannels(xs, q, tapOffset, w, oc, taps, bias, y, yAt, stride);
        break;
      case 2:
        twoChannels(xs, q, tapOffset, w, oc, taps, bias, y, yAt, stride);
        break;
      case 1:
        oneChannel(xs, q, tapOffset, w, oc, taps, bias, y, yAt, stride);
        break;
      default:
        throw new IllegalArgumentException("no tile of " + channels + " channels");
    }
  }

  /** Output channels oc..oc+4 at positions [q, q + V·L): bias + the sums into y. */
  static void fiveChannels(float[] xs, int q, int[] tapOffset, float[] w, int oc, int taps,
      float[] bias, float[] y, int yAt, int stride) {
    FloatVector a00 = FloatVector.broadcast(S, bias[oc]);
    FloatVector a01 = a00;
    FloatVector a02 = a00;
    FloatVector a03 = a00;
    FloatVector a10 = FloatVector.broadcast(S, bias[oc + 1]);
    FloatVector a11 = a10;
    FloatVector a12 = a10;
    FloatVector a13 = a10;
    FloatVector a20 = FloatVector.broadcast(S, bias[oc + 2]);
    FloatVector a21 = a20;
    FloatVector a22 = a20;
    FloatVector a23 = a20;
    FloatVector a30 = FloatVector.broadcast(S, bias[oc + 3]);
    FloatVector a31 = a30;
    FloatVector a32 = a30;
    FloatVector a33 = a30;
    FloatVector a40 = FloatVector.broadcast(S, bias[oc + 4]);
    FloatVector a41 = a40;
    FloatVector a42 = a40;
    FloatVector a43 = a40;
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

  /** As {@link #fiveChannels}, for 4 channels. */
  static void fourChannels(float[] xs, int q, int[] tapOffset, float[] w, int oc, int taps,
      float[] bias, float[] y, int yAt, int stride) {
    FloatVector a00 = FloatVector.broadcast(S, bias[oc]);
    FloatVector a01 = a00;
    FloatVector a02 = a00;
    FloatVector a03 = a00;
    FloatVector a10 = FloatVector.broadcast(S, bias[oc + 1]);
    FloatVector a11 = a10;
    FloatVector a12 = a10;
    FloatVector a13 = a10;
    FloatVector a20 = FloatVector.broadcast(S, bias[oc + 2]);
    FloatVector a21 = a20;
    FloatVector a22 = a20;
    FloatVector a23 = a20;
    FloatVector a30 = FloatVector.broadcast(S, bias[oc + 3]);
    FloatVector a31 = a30;
    FloatVector a32 = a30;
    FloatVector a33 = a30;
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

  /** As {@link #fiveChannels}, for 3 channels. */
  static void threeChannels(float[] xs, int q, int[] tapOffset, float[] w, int oc, int taps,
      float[] bias, float[] y, int yAt, int stride) {
    FloatVector a00 = FloatVector.broadcast(S, bias[oc]);
    FloatVector a01 = a00;
    FloatVector a02 = a00;
    FloatVector a03 = a00;
    FloatVector a10 = FloatVector.broadcast(S, bias[oc + 1]);
    FloatVector a11 = a10;
    FloatVector a12 = a10;
    FloatVector a13 = a10;
    FloatVector a20 = FloatVector.broadcast(S, bias[oc + 2]);
    FloatVector a21 = a20;
    FloatVector a22 = a20;
    FloatVector a23 = a20;
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
  }

  /** As {@link #fiveChannels}, for 2 channels. */
  static void twoChannels(float[] xs, int q, int[] tapOffset, float[] w, int oc, int taps,
      float[] bias, float[] y, int yAt, int stride) {
    FloatVector a00 = FloatVector.broadcast(S, bias[oc]);
    FloatVector a01 = a00;
    FloatVector a02 = a00;
    FloatVector a03 = a00;
    FloatVector a10 = FloatVector.broadcast(S, bias[oc + 1]);
    FloatVector a11 = a10;
    FloatVector a12 = a10;
    FloatVector a13 = a10;
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

  /** As {@link #fiveChannels}, for 1 channel. */
  static void oneChannel(float[] xs, int q, int[] tapOffset, float[] w, int oc, int taps,
      float[] bias, float[] y, int yAt, int stride) {
    FloatVector a00 = FloatVector.broadcast(S, bias[oc]);
    FloatVector a01 = a00;
    FloatVector a02 = a00;
    FloatVector a03 = a00;
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
