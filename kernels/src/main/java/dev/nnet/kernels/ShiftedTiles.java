package dev.nnet.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link ShiftedConv}'s register tiles: C output channels × {@value ShiftedConv#V} vectors of positions, summed
 * over the taps in weight order in one loop over a tap table (nested loops box the accumulators in C2), then
 * stored as {@code max(sum + bias, floor)} (floor 0: ReLU; −∞: none). With 8 channels, 3 loads and 8 broadcasts
 * feed 24 FMAs per tap ({@link DirectConv}'s 4 × 2 tile: 6 per 8).
 */
final class ShiftedTiles {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();

  private ShiftedTiles() {}

  /** Output channels oc..oc+7 at positions [q, q + V·L): y = max(sum + bias, floor). */
  static void eightChannels(float[] xs, int q, int[] tapOffset, float[] w, int oc, int taps, float[] bias,
      float floor, float[] y, int yAt, int stride) {
    FloatVector zero = FloatVector.zero(S);
    FloatVector a00 = zero;
    FloatVector a01 = zero;
    FloatVector a02 = zero;
    FloatVector a10 = zero;
    FloatVector a11 = zero;
    FloatVector a12 = zero;
    FloatVector a20 = zero;
    FloatVector a21 = zero;
    FloatVector a22 = zero;
    FloatVector a30 = zero;
    FloatVector a31 = zero;
    FloatVector a32 = zero;
    FloatVector a40 = zero;
    FloatVector a41 = zero;
    FloatVector a42 = zero;
    FloatVector a50 = zero;
    FloatVector a51 = zero;
    FloatVector a52 = zero;
    FloatVector a60 = zero;
    FloatVector a61 = zero;
    FloatVector a62 = zero;
    FloatVector a70 = zero;
    FloatVector a71 = zero;
    FloatVector a72 = zero;
    int wAt = oc * taps;
    for (int t = 0; t < taps; t++) {
      int at = q + tapOffset[t];
      FloatVector x0 = FloatVector.fromArray(S, xs, at);
      FloatVector x1 = FloatVector.fromArray(S, xs, at + L);
      FloatVector x2 = FloatVector.fromArray(S, xs, at + 2 * L);
      FloatVector w0 = FloatVector.broadcast(S, w[wAt + t]);
      a00 = x0.fma(w0, a00);
      a01 = x1.fma(w0, a01);
      a02 = x2.fma(w0, a02);
      FloatVector w1 = FloatVector.broadcast(S, w[wAt + taps + t]);
      a10 = x0.fma(w1, a10);
      a11 = x1.fma(w1, a11);
      a12 = x2.fma(w1, a12);
      FloatVector w2 = FloatVector.broadcast(S, w[wAt + 2 * taps + t]);
      a20 = x0.fma(w2, a20);
      a21 = x1.fma(w2, a21);
      a22 = x2.fma(w2, a22);
      FloatVector w3 = FloatVector.broadcast(S, w[wAt + 3 * taps + t]);
      a30 = x0.fma(w3, a30);
      a31 = x1.fma(w3, a31);
      a32 = x2.fma(w3, a32);
      FloatVector w4 = FloatVector.broadcast(S, w[wAt + 4 * taps + t]);
      a40 = x0.fma(w4, a40);
      a41 = x1.fma(w4, a41);
      a42 = x2.fma(w4, a42);
      FloatVector w5 = FloatVector.broadcast(S, w[wAt + 5 * taps + t]);
      a50 = x0.fma(w5, a50);
      a51 = x1.fma(w5, a51);
      a52 = x2.fma(w5, a52);
      FloatVector w6 = FloatVector.broadcast(S, w[wAt + 6 * taps + t]);
      a60 = x0.fma(w6, a60);
      a61 = x1.fma(w6, a61);
      a62 = x2.fma(w6, a62);
      FloatVector w7 = FloatVector.broadcast(S, w[wAt + 7 * taps + t]);
      a70 = x0.fma(w7, a70);
      a71 = x1.fma(w7, a71);
      a72 = x2.fma(w7, a72);
    }
    FloatVector low = FloatVector.broadcast(S, floor);
    int at = yAt + oc * stride + q;
    FloatVector b0 = FloatVector.broadcast(S, bias[oc]);
    a00.add(b0).max(low).intoArray(y, at);
    a01.add(b0).max(low).intoArray(y, at + L);
    a02.add(b0).max(low).intoArray(y, at + 2 * L);
    FloatVector b1 = FloatVector.broadcast(S, bias[oc + 1]);
    a10.add(b1).max(low).intoArray(y, at + stride);
    a11.add(b1).max(low).intoArray(y, at + stride + L);
    a12.add(b1).max(low).intoArray(y, at + stride + 2 * L);
    FloatVector b2 = FloatVector.broadcast(S, bias[oc + 2]);
    a20.add(b2).max(low).intoArray(y, at + 2 * stride);
    a21.add(b2).max(low).intoArray(y, at + 2 * stride + L);
    a22.add(b2).max(low).intoArray(y, at + 2 * stride + 2 * L);
    FloatVector b3 = FloatVector.broadcast(S, bias[oc + 3]);
    a30.add(b3).max(low).intoArray(y, at + 3 * stride);
    a31.add(b3).max(low).intoArray(y, at + 3 * stride + L);
    a32.add(b3).max(low).intoArray(y, at + 3 * stride + 2 * L);
    FloatVector b4 = FloatVector.broadcast(S, bias[oc + 4]);
    a40.add(b4).max(low).intoArray(y, at + 4 * stride);
    a41.add(b4).max(low).intoArray(y, at + 4 * stride + L);
    a42.add(b4).max(low).intoArray(y, at + 4 * stride + 2 * L);
    FloatVector b5 = FloatVector.broadcast(S, bias[oc + 5]);
    a50.add(b5).max(low).intoArray(y, at + 5 * stride);
    a51.add(b5).max(low).intoArray(y, at + 5 * stride + L);
    a52.add(b5).max(low).intoArray(y, at + 5 * stride + 2 * L);
    FloatVector b6 = FloatVector.broadcast(S, bias[oc + 6]);
    a60.add(b6).max(low).intoArray(y, at + 6 * stride);
    a61.add(b6).max(low).intoArray(y, at + 6 * stride + L);
    a62.add(b6).max(low).intoArray(y, at + 6 * stride + 2 * L);
    FloatVector b7 = FloatVector.broadcast(S, bias[oc + 7]);
    a70.add(b7).max(low).intoArray(y, at + 7 * stride);
    a71.add(b7).max(low).intoArray(y, at + 7 * stride + L);
    a72.add(b7).max(low).intoArray(y, at + 7 * stride + 2 * L);
  }

  /** As {@link #eightChannels}, for 4 channels. */
  static void fourChannels(float[] xs, int q, int[] tapOffset, float[] w, int oc, int taps, float[] bias,
      float floor, float[] y, int yAt, int stride) {
    FloatVector zero = FloatVector.zero(S);
    FloatVector a00 = zero;
    FloatVector a01 = zero;
    FloatVector a02 = zero;
    FloatVector a10 = zero;
    FloatVector a11 = zero;
    FloatVector a12 = zero;
    FloatVector a20 = zero;
    FloatVector a21 = zero;
    FloatVector a22 = zero;
    FloatVector a30 = zero;
    FloatVector a31 = zero;
    FloatVector a32 = zero;
    int wAt = oc * taps;
    for (int t = 0; t < taps; t++) {
      int at = q + tapOffset[t];
      FloatVector x0 = FloatVector.fromArray(S, xs, at);
      FloatVector x1 = FloatVector.fromArray(S, xs, at + L);
      FloatVector x2 = FloatVector.fromArray(S, xs, at + 2 * L);
      FloatVector w0 = FloatVector.broadcast(S, w[wAt + t]);
      a00 = x0.fma(w0, a00);
      a01 = x1.fma(w0, a01);
      a02 = x2.fma(w0, a02);
      FloatVector w1 = FloatVector.broadcast(S, w[wAt + taps + t]);
      a10 = x0.fma(w1, a10);
      a11 = x1.fma(w1, a11);
      a12 = x2.fma(w1, a12);
      FloatVector w2 = FloatVector.broadcast(S, w[wAt + 2 * taps + t]);
      a20 = x0.fma(w2, a20);
      a21 = x1.fma(w2, a21);
      a22 = x2.fma(w2, a22);
      FloatVector w3 = FloatVector.broadcast(S, w[wAt + 3 * taps + t]);
      a30 = x0.fma(w3, a30);
      a31 = x1.fma(w3, a31);
      a32 = x2.fma(w3, a32);
    }
    FloatVector low = FloatVector.broadcast(S, floor);
    int at = yAt + oc * stride + q;
    FloatVector b0 = FloatVector.broadcast(S, bias[oc]);
    a00.add(b0).max(low).intoArray(y, at);
    a01.add(b0).max(low).intoArray(y, at + L);
    a02.add(b0).max(low).intoArray(y, at + 2 * L);
    FloatVector b1 = FloatVector.broadcast(S, bias[oc + 1]);
    a10.add(b1).max(low).intoArray(y, at + stride);
    a11.add(b1).max(low).intoArray(y, at + stride + L);
    a12.add(b1).max(low).intoArray(y, at + stride + 2 * L);
    FloatVector b2 = FloatVector.broadcast(S, bias[oc + 2]);
    a20.add(b2).max(low).intoArray(y, at + 2 * stride);
    a21.add(b2).max(low).intoArray(y, at + 2 * stride + L);
    a22.add(b2).max(low).intoArray(y, at + 2 * stride + 2 * L);
    FloatVector b3 = FloatVector.broadcast(S, bias[oc + 3]);
    a30.add(b3).max(low).intoArray(y, at + 3 * stride);
    a31.add(b3).max(low).intoArray(y, at + 3 * stride + L);
    a32.add(b3).max(low).intoArray(y, at + 3 * stride + 2 * L);
  }

  /** As {@link #eightChannels}, for 2 channels. */
  static void twoChannels(float[] xs, int q, int[] tapOffset, float[] w, int oc, int taps, float[] bias,
      float floor, float[] y, int yAt, int stride) {
    FloatVector zero = FloatVector.zero(S);
    FloatVector a00 = zero;
    FloatVector a01 = zero;
    FloatVector a02 = zero;
    FloatVector a10 = zero;
    FloatVector a11 = zero;
    FloatVector a12 = zero;
    int wAt = oc * taps;
    for (int t = 0; t < taps; t++) {
      int at = q + tapOffset[t];
      FloatVector x0 = FloatVector.fromArray(S, xs, at);
      FloatVector x1 = FloatVector.fromArray(S, xs, at + L);
      FloatVector x2 = FloatVector.fromArray(S, xs, at + 2 * L);
      FloatVector w0 = FloatVector.broadcast(S, w[wAt + t]);
      a00 = x0.fma(w0, a00);
      a01 = x1.fma(w0, a01);
      a02 = x2.fma(w0, a02);
      FloatVector w1 = FloatVector.broadcast(S, w[wAt + taps + t]);
      a10 = x0.fma(w1, a10);
      a11 = x1.fma(w1, a11);
      a12 = x2.fma(w1, a12);
    }
    FloatVector low = FloatVector.broadcast(S, floor);
    int at = yAt + oc * stride + q;
    FloatVector b0 = FloatVector.broadcast(S, bias[oc]);
    a00.add(b0).max(low).intoArray(y, at);
    a01.add(b0).max(low).intoArray(y, at + L);
    a02.add(b0).max(low).intoArray(y, at + 2 * L);
    FloatVector b1 = FloatVector.broadcast(S, bias[oc + 1]);
    a10.add(b1).max(low).intoArray(y, at + stride);
    a11.add(b1).max(low).intoArray(y, at + stride + L);
    a12.add(b1).max(low).intoArray(y, at + stride + 2 * L);
  }

  /** As {@link #eightChannels}, for 1 channel. */
  static void oneChannel(float[] xs, int q, int[] tapOffset, float[] w, int oc, int taps, float[] bias,
      float floor, float[] y, int yAt, int stride) {
    FloatVector zero = FloatVector.zero(S);
    FloatVector a00 = zero;
    FloatVector a01 = zero;
    FloatVector a02 = zero;
    int wAt = oc * taps;
    for (int t = 0; t < taps; t++) {
      int at = q + tapOffset[t];
      FloatVector x0 = FloatVector.fromArray(S, xs, at);
      FloatVector x1 = FloatVector.fromArray(S, xs, at + L);
      FloatVector x2 = FloatVector.fromArray(S, xs, at + 2 * L);
      FloatVector w0 = FloatVector.broadcast(S, w[wAt + t]);
      a00 = x0.fma(w0, a00);
      a01 = x1.fma(w0, a01);
      a02 = x2.fma(w0, a02);
    }
    FloatVector low = FloatVector.broadcast(S, floor);
    int at = yAt + oc * stride + q;
    FloatVector b0 = FloatVector.broadcast(S, bias[oc]);
    a00.add(b0).max(low).intoArray(y, at);
    a01.add(b0).max(low).intoArray(y, at + L);
    a02.add(b0).max(low).intoArray(y, at + 2 * L);
  }
}
