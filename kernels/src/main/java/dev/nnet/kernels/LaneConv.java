package dev.nnet.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Direct convolution with the batch in the vector lanes ({@link LaneLayout}): stride 1, dilation 1, one group, any
 * padding and width. A block of L samples is copied into the zero-padded lanes layout; each vector then holds one
 * pixel of L samples, so a tile of 4 output channels × 4 output columns keeps 16 accumulators in registers over
 * every (c, kh, kw) tap with broadcast weights, and no column is wasted on a small plane (the "wide" layout of
 * {@link DirectConv} computes the padded row's width). Kernel rows, and per tile kernel columns, that read only the
 * zero border are skipped: most of a "valid" layer's data gradient (the same kernel on padded dy with flipped
 * weights). A tile runs its taps in one loop over a table: with nested loops over (c, kh, kw), C2 boxed the 16
 * accumulators and the kernel ran 15× slower.
 *
 * <p>A band of output rows at a time, tiles write raw sums into a per-worker lanes buffer whose rows are outW apart;
 * a tile at the end of a row spills up to 3 columns into the next row, which is computed after it (rows go
 * outermost), or into the 3 slack positions after a band. {@link LaneLayout#fromLanes} then adds the bias, applies
 * the activation and writes the band to NCHW while its sums are still in cache.
 * Blocks are split among {@link Parallel} threads; each output element is one tile's sum in a fixed order, so the
 * bits do not depend on the thread count.
 *
 * <p>With keepInput, the lanes copy of the whole batch stays until the next call ({@link #lanes}), for a weight
 * gradient. Only loaded with {@code --add-modules jdk.incubator.vector}. Not for concurrent use; allocates its
 * workspaces on first use and never again.
 */
final class LaneConv implements Parallel.Task {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();
  /** About how many output positions a band holds: its sums, outC·64 floats each, then stay in L1 or L2. */
  private static final int BAND_POSITIONS = 48;

  final LaneLayout in;
  final int outC;
  final int kH;
  final int kW;
  final int outH;
  final int outW;
  private final int maxBatch;
  private final boolean keepInput;
  /** Taps per output channel: inC·kH·kW. */
  private final int taps;
  private final int rowSpan;
  /**
   * Per 4-column tile of a row (tile ow / 4): its taps in kernel-row order (kh, c, kw), only the kernel columns
   * that read inside the image for some column of the tile, so kernel rows read only in the border are skipped as a
   * range of rowTaps each. Tiles with the same column range share their arrays.
   */
  private final int[] rowTaps;
  private final int[][] tapInput;
  private final int[][] tapWeight;
  /** Output rows computed, then written out, at a time: a whole number of vectors of positions (but the last). */
  private final int band;
  /** Positions between output channels in the sums buffer: a band and the 3 its last tile spills. */
  private final int planeStride;
  private final int slack;

  private float[] keptLanes;
  private float[][] lanesBuffer;
  private float[][] sums;

  private int count;
  private float[] x;
  private int xOff;
  private float[] weight;
  private float[] bias;
  private float[] y;
  private int yOff;
  private Activation act;

  LaneConv(int maxBatch, int inC, int height, int width, int outC, int kernelH, int kernelW, int padH, int padW,
      boolean keepInput) {
    this.in = new LaneLayout(inC, height, width, padH, padW);
    this.outC = outC;
    this.kH = kernelH;
    this.kW = kernelW;
    this.outH = in.paddedH - kernelH + 1;
    this.outW = in.paddedW - kernelW + 1;
    this.maxBatch = maxBatch;
    this.keepInput = keepInput;
    this.taps = inC * kernelH * kernelW;
    this.rowSpan = in.paddedW * L;
    int tiles = (outW + 3) / 4;
    this.rowTaps = new int[tiles];
    this.tapInput = new int[tiles][];
    this.tapWeight = new int[tiles][];
    int[] range = new int[2];
    for (int i = 0; i < tiles; i++) {
      int ow = 4 * i;
      int kwLo = Math.max(0, padW - Math.min(ow + 3, outW - 1));
      int span = Math.max(0, Math.min(kernelW, padW + width - ow) - kwLo);
      rowTaps[i] = inC * span;
      if (i > 0 && range[0] == kwLo && range[1] == span) {
        tapInput[i] = tapInput[i - 1];
        tapWeight[i] = tapWeight[i - 1];
        continue;
      }
      range[0] = kwLo;
      range[1] = span;
      tapInput[i] = new int[kernelH * rowTaps[i]];
      tapWeight[i] = new int[kernelH * rowTaps[i]];
      for (int t = 0; t < tapInput[i].length; t++) {
        int kw = kwLo + t % span;
        int c = t / span % inC;
        int kh = t / rowTaps[i];
        tapInput[i][t] = ((c * in.paddedH + kh) * in.paddedW + kw) * L;
        tapWeight[i][t] = (c * kernelH + kh) * kernelW + kw;
      }
    }
    this.band = Math.min(outH, Math.max(1, BAND_POSITIONS / outW) * (L / gcd(outW, L)));
    this.planeStride = band * outW + 3;
    this.slack = 4 * L; // a row's last tile reads up to 3 columns past the block
  }

  /** y = act(conv(x, weight) + bias) for n samples; bias may be null. */
  void forward(int n, float[] x, int xOff, float[] w, float[] b, float[] y, int yOff, Activation act) {
    allocate();
    this.count = n;
    this.x = x;
    this.xOff = xOff;
    this.weight = w;
    this.bias = b;
    this.y = y;
    this.yOff = yOff;
    this.act = act;
    try {
      Parallel.run(this);
    } finally {
      this.x = null;
      this.weight = null;
      this.bias = null;
      this.y = null;
    }
  }

  /** With keepInput: the last call's input in lanes, block b at b·{@link LaneLayout#block}; else null. */
  float[] lanes() {
    return keptLanes;
  }

  private void allocate() {
    if (sums == null) {
      int workers = Parallel.poolSize();
      sums = new float[workers][outC * planeStride * L];
      if (keepInput) {
        keptLanes = new float[Math.addExact(Math.multiplyExact(LaneLayout.blocks(maxBatch), in.block), slack)];
      } else {
        lanesBuffer = new float[workers][in.block + slack];
      }
    }
  }

  @Override
  public void run(int worker, int workers) {
    int blocks = LaneLayout.blocks(count);
    int b0 = (int) ((long) blocks * worker / workers);
    int b1 = (int) ((long) blocks * (worker + 1) / workers);
    for (int b = b0; b < b1; b++) {
      float[] lanes = keepInput ? keptLanes : lanesBuffer[worker];
      int at = keepInput ? b * in.block : 0;
      int samples = Math.min(L, count - b * L);
      in.toLanes(x, xOff, b * L, samples, lanes, at);
      for (int r0 = 0; r0 < outH; r0 += band) {
        int r1 = Math.min(outH, r0 + band);
        rows(lanes, at, r0, r1, sums[worker]);
        LaneLayout.fromLanes(sums[worker], 0, outC, outH * outW, planeStride, r0 * outW, r1 * outW, b * L, samples,
            y, yOff, bias, act);
      }
    }
  }

  /**
   * The sums of output rows [r0, r1) of one block into acc, row r at (r − r0)·outW: rows in order, as a row's last
   * tile spills into the next (see the class comment).
   */
  private void rows(float[] lanes, int at, int r0, int r1, float[] acc) {
    int ocSpan = planeStride * L;
    for (int oh = r0; oh < r1; oh++) {
      int khLo = Math.max(0, in.padH - oh);
      int khHi = Math.min(kH, in.padH + in.height - oh);
      int rowAt = at + oh * rowSpan;
      int accRow = (oh - r0) * outW * L;
      int oc = 0;
      for (; oc + 4 <= outC; oc += 4) {
        for (int ow = 0; ow < outW; ow += 4) {
          int r = rowTaps[ow >> 2];
          fourChannels(lanes, rowAt + ow * L, tapInput[ow >> 2], tapWeight[ow >> 2], khLo * r, khHi * r, oc * taps, acc,
              oc * ocSpan + accRow + ow * L);
        }
      }
      for (; oc + 2 <= outC; oc += 2) {
        for (int ow = 0; ow < outW; ow += 4) {
          int r = rowTaps[ow >> 2];
          twoChannels(lanes, rowAt + ow * L, tapInput[ow >> 2], tapWeight[ow >> 2], khLo * r, khHi * r, oc * taps, acc,
              oc * ocSpan + accRow + ow * L);
        }
      }
      for (; oc < outC; oc++) {
        for (int ow = 0; ow < outW; ow += 4) {
          int r = rowTaps[ow >> 2];
          oneChannel(lanes, rowAt + ow * L, tapInput[ow >> 2], tapWeight[ow >> 2], khLo * r, khHi * r, oc * taps, acc,
              oc * ocSpan + accRow + ow * L);
        }
      }
    }
  }

  private static int gcd(int a, int b) {
    return b == 0 ? a : gcd(b, a % b);
  }

  /**
   * Output channels oc..oc+3 (weights from w[wAt]) × columns ow..ow+3 (input at x[at], column ow of the first
   * kernel row): per tap 4 loads and 4 broadcasts for 16 FMAs.
   */
  private void fourChannels(float[] x, int at, int[] xs, int[] ws, int from, int to, int wAt, float[] acc,
      int accAt) {
    float[] w = weight;
    int t1 = taps;
    int t2 = 2 * taps;
    int t3 = 3 * taps;
    FloatVector a00 = FloatVector.zero(S);
    FloatVector a01 = a00;
    FloatVector a02 = a00;
    FloatVector a03 = a00;
    FloatVector a10 = a00;
    FloatVector a11 = a00;
    FloatVector a12 = a00;
    FloatVector a13 = a00;
    FloatVector a20 = a00;
    FloatVector a21 = a00;
    FloatVector a22 = a00;
    FloatVector a23 = a00;
    FloatVector a30 = a00;
    FloatVector a31 = a00;
    FloatVector a32 = a00;
    FloatVector a33 = a00;
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
    int o1 = planeStride * L;
    int o2 = 2 * o1;
    int o3 = 3 * o1;
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

  private void twoChannels(float[] x, int at, int[] xs, int[] ws, int from, int to, int wAt, float[] acc,
      int accAt) {
    float[] w = weight;
    int t1 = taps;
    FloatVector a00 = FloatVector.zero(S);
    FloatVector a01 = a00;
    FloatVector a02 = a00;
    FloatVector a03 = a00;
    FloatVector a10 = a00;
    FloatVector a11 = a00;
    FloatVector a12 = a00;
    FloatVector a13 = a00;
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
    int o1 = planeStride * L;
    a00.intoArray(acc, accAt);
    a01.intoArray(acc, accAt + L);
    a02.intoArray(acc, accAt + 2 * L);
    a03.intoArray(acc, accAt + 3 * L);
    a10.intoArray(acc, accAt + o1);
    a11.intoArray(acc, accAt + o1 + L);
    a12.intoArray(acc, accAt + o1 + 2 * L);
    a13.intoArray(acc, accAt + o1 + 3 * L);
  }

  private void oneChannel(float[] x, int at, int[] xs, int[] ws, int from, int to, int wAt, float[] acc,
      int accAt) {
    float[] w = weight;
    FloatVector a00 = FloatVector.zero(S);
    FloatVector a01 = a00;
    FloatVector a02 = a00;
    FloatVector a03 = a00;
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
