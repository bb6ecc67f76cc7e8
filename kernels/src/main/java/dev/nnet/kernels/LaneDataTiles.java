package dev.nnet.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register tiles of {@link LaneDataGradient}: up to 4 dx channels × 4 dy columns of L samples each, summed over
 * a range of a tap table (xs: input offsets from x[at]; ws: weight offsets from w[wAt], channels wStride apart),
 * added to acc[accAt] with channels accStride apart: the accumulators start from acc, so a tile adds its terms to
 * what the earlier kw left there with no tile buffer in between. The taps run in one loop over the table: with
 * nested loops, C2 boxed the 16 accumulators ({@link LaneConv}). The same pattern as LaneConv's tiles, kept a
 * separate copy: with one copy called from both classes, warm calls allocated (AllocationTest after LaneConvTest,
 * ~5 MB a step).
 * Only loaded with the Vector API. The three tiles follow one pattern; keep them in step.
 */
final class LaneDataTiles {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();

  private LaneDataTiles() {}

  /**
   * Output channels oc..oc+3 (weights from w[wAt]) × columns ow..ow+3 (input at x[at], column ow of the first
   * kernel row): per tap 4 loads and 4 broadcasts for 16 FMAs.
   */
  static void fourChannels(float[] x, int at, int[] xs, int[] ws, int from, int to, float[] w, int wAt,
      int wStride, float[] acc, int accAt, int accStride) {
    int t1 = wStride;
    int t2 = 2 * wStride;
    int t3 = 3 * wStride;
    int o1 = accStride;
    int o2 = 2 * o1;
    int o3 = 3 * o1;
    FloatVector a00 = FloatVector.fromArray(S, acc, accAt);
    FloatVector a01 = FloatVector.fromArray(S, acc, accAt + L);
    FloatVector a02 = FloatVector.fromArray(S, acc, accAt + 2 * L);
    FloatVector a03 = FloatVector.fromArray(S, acc, accAt + 3 * L);
    FloatVector a10 = FloatVector.fromArray(S, acc, accAt + o1);
    FloatVector a11 = FloatVector.fromArray(S, acc, accAt + o1 + L);
    FloatVector a12 = FloatVector.fromArray(S, acc, accAt + o1 + 2 * L);
    FloatVector a13 = FloatVector.fromArray(S, acc, accAt + o1 + 3 * L);
    FloatVector a20 = FloatVector.fromArray(S, acc, accAt + o2);
    FloatVector a21 = FloatVector.fromArray(S, acc, accAt + o2 + L);
    FloatVector a22 = FloatVector.fromArray(S, acc, accAt + o2 + 2 * L);
    FloatVector a23 = FloatVector.fromArray(S, acc, accAt + o2 + 3 * L);
    FloatVector a30 = FloatVector.fromArray(S, acc, accAt + o3);
    FloatVector a31 = FloatVector.fromArray(S, acc, accAt + o3 + L);
    FloatVector a32 = FloatVector.fromArray(S, acc, accAt + o3 + 2 * L);
    FloatVector a33 = FloatVector.fromArray(S, acc, accAt + o3 + 3 * L);
    for (int t = from; t < to; t++) {
      int xk = at + xs[t];
      int wi = wAt + ws[t];
      FloatVector x0 = FloatVector.fromArray(S, x, xk);
      FloatVector x1 = FloatVector.fromArray(S, x, xk + L);
      FloatVector x2 = FloatVector.fromArray(S, x, xk + 2 * L);
      FloatVector x3 = FloatVector.fromArray(S, x, xk + 3 * L);
      FloatVector w0 = FloatVector.broadcast(S, w[wi]);
      FloatVector w1 = FloatVector.broadcast(S, w[wi + t1]);
      FloatVector w2 = FloatVector.broadcast(S, w[wi + t2]);
      FloatVector w3 = FloatVector.broadcast(S, w[wi + t3]);
      a00 = x0.fma(w0, a00);
      a01 = x1.fma(w0, a01);
      a02 = x2.fma(w0, a02);
      a03 = x3.fma(w0, a03);
      a10 = x0.fma(w1, a10);
      a11 = x1.fma(w1, a11);
      a12 = x2.fma(w1, a12);
      a13 = x3.fma(w1, a13);
      a20 = x0.fma(w2, a20);
      a21 = x1.fma(w2, a21);
      a22 = x2.fma(w2, a22);
      a23 = x3.fma(w2, a23);
      a30 = x0.fma(w3, a30);
      a31 = x1.fma(w3, a31);
      a32 = x2.fma(w3, a32);
      a33 = x3.fma(w3, a33);
    }
    a00.intoArray(acc, accAt);
    a01.intoArray(acc, accAt + L);
    a02.intoArray(acc, accAt + 2 * L);
    a03.intoArray(acc, accAt + 3 * L);
    a10.intoArray(acc, accAt + o1);
    a11.intoArray(acc, accAt + o1 + L);
    a12.intoArray(acc, accAt + o1 + 2 * L);
    a13.intoArray(acc, accAt + o1 + 3 * L);
    a20.intoArray(acc, accAt + o2);
    a21.intoArray(acc, accAt + o2 + L);
    a22.intoArray(acc, accAt + o2 + 2 * L);
    a23.intoArray(acc, accAt + o2 + 3 * L);
    a30.intoArray(acc, accAt + o3);
    a31.intoArray(acc, accAt + o3 + L);
    a32.intoArray(acc, accAt + o3 + 2 * L);
    a33.intoArray(acc, accAt + o3 + 3 * L);
  }

  static void twoChannels(float[] x, int at, int[] xs, int[] ws, int from, int to, float[] w, int wAt,
      int wStride, float[] acc, int accAt, int accStride) {
    int t1 = wStride;
    int o1 = accStride;
    FloatVector a00 = FloatVector.fromArray(S, acc, accAt);
    FloatVector a01 = FloatVector.fromArray(S, acc, accAt + L);
    FloatVector a02 = FloatVector.fromArray(S, acc, accAt + 2 * L);
    FloatVector a03 = FloatVector.fromArray(S, acc, accAt + 3 * L);
    FloatVector a10 = FloatVector.fromArray(S, acc, accAt + o1);
    FloatVector a11 = FloatVector.fromArray(S, acc, accAt + o1 + L);
    FloatVector a12 = FloatVector.fromArray(S, acc, accAt + o1 + 2 * L);
    FloatVector a13 = FloatVector.fromArray(S, acc, accAt + o1 + 3 * L);
    for (int t = from; t < to; t++) {
      int xk = at + xs[t];
      int wi = wAt + ws[t];
      FloatVector x0 = FloatVector.fromArray(S, x, xk);
      FloatVector x1 = FloatVector.fromArray(S, x, xk + L);
      FloatVector x2 = FloatVector.fromArray(S, x, xk + 2 * L);
      FloatVector x3 = FloatVector.fromArray(S, x, xk + 3 * L);
      FloatVector w0 = FloatVector.broadcast(S, w[wi]);
      FloatVector w1 = FloatVector.broadcast(S, w[wi + t1]);
      a00 = x0.fma(w0, a00);
      a01 = x1.fma(w0, a01);
      a02 = x2.fma(w0, a02);
      a03 = x3.fma(w0, a03);
      a10 = x0.fma(w1, a10);
      a11 = x1.fma(w1, a11);
      a12 = x2.fma(w1, a12);
      a13 = x3.fma(w1, a13);
    }
    a00.intoArray(acc, accAt);
    a01.intoArray(acc, accAt + L);
    a02.intoArray(acc, accAt + 2 * L);
    a03.intoArray(acc, accAt + 3 * L);
    a10.intoArray(acc, accAt + o1);
    a11.intoArray(acc, accAt + o1 + L);
    a12.intoArray(acc, accAt + o1 + 2 * L);
    a13.intoArray(acc, accAt + o1 + 3 * L);
  }

  static void oneChannel(float[] x, int at, int[] xs, int[] ws, int from, int to, float[] w, int wAt,
      int wStride, float[] acc, int accAt, int accStride) {
    int o1 = accStride;
    FloatVector a00 = FloatVector.fromArray(S, acc, accAt);
    FloatVector a01 = FloatVector.fromArray(S, acc, accAt + L);
    FloatVector a02 = FloatVector.fromArray(S, acc, accAt + 2 * L);
    FloatVector a03 = FloatVector.fromArray(S, acc, accAt + 3 * L);
    for (int t = from; t < to; t++) {
      int xk = at + xs[t];
      int wi = wAt + ws[t];
      FloatVector x0 = FloatVector.fromArray(S, x, xk);
      FloatVector x1 = FloatVector.fromArray(S, x, xk + L);
      FloatVector x2 = FloatVector.fromArray(S, x, xk + 2 * L);
      FloatVector x3 = FloatVector.fromArray(S, x, xk + 3 * L);
      FloatVector w0 = FloatVector.broadcast(S, w[wi]);
      a00 = x0.fma(w0, a00);
      a01 = x1.fma(w0, a01);
      a02 = x2.fma(w0, a02);
      a03 = x3.fma(w0, a03);
    }
    a00.intoArray(acc, accAt);
    a01.intoArray(acc, accAt + L);
    a02.intoArray(acc, accAt + 2 * L);
    a03.intoArray(acc, accAt + 3 * L);
  }
}
