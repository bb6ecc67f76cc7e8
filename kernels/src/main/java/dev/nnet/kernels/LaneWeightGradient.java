package dev.nnet.kernels;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The weight gradient of a stride-1 convolution on the lane-blocked layout (see {@code LaneConv}: block b holds L
 * samples in the vector lanes, {@code index(b, c, h, w, lane) = off + (((b·C + c)·Hp + h)·Wp + w)·L + lane}):
 * {@code dW[oc, c, kh, kw] = Σ dy[b, oc, oh, ow, :] · x[b, c, oh + kh, ow + kw, :]}, with x padded by the forward
 * padding and dy read inside a buffer of its own pitch and origin. Each lane of an accumulator is one sample's
 * partial sum, so no im2col or packing is needed: a register tile of output channels × input taps (a tap is one
 * (c, kh, kw)) loads dy once for its channels and x once for its taps at each position. The tiles walk their
 * positions in one flat loop: C2 boxes vector accumulators carried through nested loops (it allocates every FMA).
 *
 * <p>Every tile sums its blocks in float, {@link #FOLD_TERMS} terms a lane at most, then adds lanes 0..L-1 into
 * double; tiles are split among {@link Parallel} threads whole, each over every block in order, so the result does
 * not depend on the thread count. Only loaded with the Vector API. Not for concurrent use; allocates its
 * workspaces on first use.
 */
final class LaneWeightGradient implements Parallel.Task {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();
  /** Terms a lane adds in float before its sum goes into double: the tolerance of the float paths, not more. */
  private static final int FOLD_TERMS = 256;
  /** The largest tile: output channels × taps of {@link #fourByFive}, {@link #twoByTen}, {@link #oneByTen}. */
  private static final int TILE = 20;

  private final int outC;
  private final int taps;
  private final int outH;
  private final int outW;
  private final int xBlock;
  private final int xRow;
  private final int rowSpan;
  private final int foldBlocks;
  /** Offset of tap k = (c·kH + kh)·kW + kw from the x position of the output pixel. */
  private final int[] tapOffset;
  /** Work items: first output channel, channel count (4, 2 or 1) and first tap of each tile. */
  private final int[] itemChannel;
  private final int[] itemChannels;
  private final int[] itemTap;

  private float[][] tileOut;
  private double[][] tileSums;
  private float[][] biasOut;

  private int blocks;
  private float[] x;
  private int xOff;
  private float[] dy;
  private int dyOff;
  private int dyBlock;
  private int dyPlane;
  private int dyRow;
  /** From the last row of a block to the first of the next. */
  private int xNextBlock;
  private int dyNextBlock;
  private int dyOrigin;
  private float[] dWeight;
  private float[] dBias;
  private boolean accumulate;

  /** x in lanes on an xHp × xWp plane (the forward padding included); dy is outH × outW. */
  LaneWeightGradient(int inC, int outC, int kernelH, int kernelW, int xHp, int xWp, int outH, int outW) {
    String kernel = "LaneWeightGradient";
    Checks.positive(kernel, "inC", inC);
    Checks.positive(kernel, "outC", outC);
    Checks.positive(kernel, "kernelH", kernelH);
    Checks.positive(kernel, "kernelW", kernelW);
    Checks.positive(kernel, "outH", outH);
    Checks.positive(kernel, "outW", outW);
    if (xHp < outH + kernelH - 1 || xWp < outW + kernelW - 1) {
      throw new KernelArgumentException(kernel + ": the padded x plane is " + xHp + "x" + xWp + " but a " + outH + "x"
          + outW + " output of a " + kernelH + "x" + kernelW + " kernel reads " + (outH + kernelH - 1) + "x"
          + (outW + kernelW - 1) + "; pass the plane size with the forward padding");
    }
    this.outC = outC;
    this.taps = inC * kernelH * kernelW;
    this.outH = outH;
    this.outW = outW;
    this.xRow = xWp * L;
    this.xBlock = inC * xHp * xWp * L;
    this.rowSpan = outW * L;
    this.foldBlocks = Math.max(1, FOLD_TERMS / (outH * outW));
    this.tapOffset = new int[taps];
    for (int c = 0; c < inC; c++) {
      for (int kh = 0; kh < kernelH; kh++) {
        for (int kw = 0; kw < kernelW; kw++) {
          tapOffset[(c * kernelH + kh) * kernelW + kw] = ((c * xHp + kh) * xWp + kw) * L;
        }
      }
    }
    int items = 0;
    int[][] plan = new int[3][outC * ((taps + 4) / 5)];
    for (int oc = 0; oc < outC; ) {
      int channels = outC - oc >= 4 ? 4 : outC - oc >= 2 ? 2 : 1;
      int step = TILE / Math.max(2, channels); // 4 × 5, 2 × 10, 1 × 10
      for (int k = 0; k < taps; k += step) {
        plan[0][items] = oc;
        plan[1][items] = channels;
        plan[2][items] = k;
        items++;
      }
      oc += channels;
    }
    this.itemChannel = Arrays.copyOf(plan[0], items);
    this.itemChannels = Arrays.copyOf(plan[1], items);
    this.itemTap = Arrays.copyOf(plan[2], items);
  }

  /** L: the samples of a block, the lanes of the preferred float vector. */
  static int lanes() {
    return L;
  }

  /**
   * dWeight (and dBias when non-null) from x and dy in lanes; accumulate ? adds : overwrites. {@code blocks} =
   * ceil(n / L); x blocks are {@code inC·xHp·xWp·L} floats from {@code xOff}; dy blocks are
   * {@code outC·dyHp·dyWp·L} floats from {@code dyOff}, each plane's outH × outW interior at (dyPadH, dyPadW).
   */
  void run(int blocks, float[] xLanes, int xOff, float[] dyLanes, int dyOff, int dyHp, int dyWp, int dyPadH,
      int dyPadW, float[] dWeight, float[] dBias, boolean accumulate) {
    String kernel = "LaneWeightGradient";
    Checks.nonNegative(kernel, "blocks", blocks);
    Checks.nonNegative(kernel, "dyPadH", dyPadH);
    Checks.nonNegative(kernel, "dyPadW", dyPadW);
    if (dyHp < dyPadH + outH || dyWp < dyPadW + outW) {
      throw new KernelArgumentException(kernel + ": a dy plane of " + dyHp + "x" + dyWp + " cannot hold the " + outH
          + "x" + outW + " output at (" + dyPadH + ", " + dyPadW + "); pass the pitch of the buffer dy sits in");
    }
    Checks.span(kernel, "xLanes", xLanes, xOff, (long) blocks * xBlock);
    Checks.span(kernel, "dyLanes", dyLanes, dyOff, (long) blocks * outC * dyHp * dyWp * L);
    Checks.span(kernel, "dWeight", dWeight, 0, (long) outC * taps);
    if (dBias != null) {
      Checks.span(kernel, "dBias", dBias, 0, outC);
    }
    if (tileOut == null) {
      int workers = Parallel.poolSize();
      tileOut = new float[workers][TILE * L];
      tileSums = new double[workers][TILE];
      biasOut = new float[workers][L];
    }
    this.blocks = blocks;
    this.x = xLanes;
    this.xOff = xOff;
    this.dy = dyLanes;
    this.dyOff = dyOff;
    this.dyPlane = dyHp * dyWp * L;
    this.dyBlock = outC * dyPlane;
    this.dyRow = dyWp * L;
    this.dyOrigin = (dyPadH * dyWp + dyPadW) * L;
    this.xNextBlock = xBlock - (outH - 1) * xRow;
    this.dyNextBlock = dyBlock - (outH - 1) * dyRow;
    this.dWeight = dWeight;
    this.dBias = dBias;
    this.accumulate = accumulate;
    try {
      Parallel.run(this);
    } finally {
      this.x = null;
      this.dy = null;
      this.dWeight = null;
      this.dBias = null;
    }
  }

  @Override
  public void run(int worker, int workers) {
    int items = itemTap.length;
    int i1 = (int) ((long) items * (worker + 1) / workers);
    for (int i = (int) ((long) items * worker / workers); i < i1; i++) {
      tile(worker, itemChannel[i], itemChannels[i], itemTap[i]);
    }
    if (dBias != null) {
      int o1 = (int) ((long) outC * (worker + 1) / workers);
      for (int oc = (int) ((long) outC * worker / workers); oc < o1; oc++) {
        biasSum(worker, oc);
      }
    }
  }

  /**
   * One tile over every block: float sums of up to {@link #foldBlocks} blocks, folded lane by lane into double,
   * then stored. Taps past the last are computed on the last tap again and dropped.
   */
  private void tile(int worker, int oc, int channels, int k) {
    float[] out = tileOut[worker];
    double[] sums = tileSums[worker];
    int step = channels == 4 ? 5 : 10;
    int valid = Math.min(step, taps - k);
    Arrays.fill(sums, 0.0);
    for (int b0 = 0; b0 < blocks; b0 += foldBlocks) {
      int b1 = Math.min(blocks, b0 + foldBlocks);
      int d = dyOrigin + oc * dyPlane;
      if (channels == 4) {
        fourByFive(b0, b1, d, d + dyPlane, d + 2 * dyPlane, d + 3 * dyPlane, tap(k), tap(k + 1), tap(k + 2),
            tap(k + 3), tap(k + 4), out);
      } else if (channels == 2) {
        twoByTen(b0, b1, d, d + dyPlane, tap(k), tap(k + 1), tap(k + 2), tap(k + 3), tap(k + 4), tap(k + 5),
            tap(k + 6), tap(k + 7), tap(k + 8), tap(k + 9), out);
      } else {
        oneByTen(b0, b1, d, tap(k), tap(k + 1), tap(k + 2), tap(k + 3), tap(k + 4), tap(k + 5), tap(k + 6),
            tap(k + 7), tap(k + 8), tap(k + 9), out);
      }
      for (int i = 0; i < channels * step; i++) {
        double sum = 0;
        for (int lane = 0; lane < L; lane++) {
          sum += out[i * L + lane];
        }
        sums[i] += sum;
      }
    }
    for (int c = 0; c < channels; c++) {
      for (int t = 0; t < valid; t++) {
        int at = (oc + c) * taps + k + t;
        double sum = sums[c * step + t];
        dWeight[at] = (float) (accumulate ? dWeight[at] + sum : sum);
      }
    }
  }

  /** The x offset of tap k, or of the last tap past the end. */
  private int tap(int k) {
    return tapOffset[Math.min(k, taps - 1)];
  }

  /** dBias[oc]: the sum of dy, in float vectors of up to {@link #foldBlocks} blocks, then lane by lane in double. */
  private void biasSum(int worker, int oc) {
    float[] out = biasOut[worker];
    double total = 0;
    for (int b0 = 0; b0 < blocks; b0 += foldBlocks) {
      int b1 = Math.min(blocks, b0 + foldBlocks);
      FloatVector s = FloatVector.zero(S);
      int dr = dyOff + b0 * dyBlock + oc * dyPlane + dyOrigin;
      int row = 0;
      int p = 0;
      for (int rows = (b1 - b0) * outH; rows > 0; ) { // one flat loop, as in the tiles
        s = s.add(FloatVector.fromArray(S, dy, dr + p));
        p += L;
        if (p == rowSpan) {
          p = 0;
          rows--;
          boolean blockEnds = ++row == outH;
          row = blockEnds ? 0 : row;
          dr += blockEnds ? dyNextBlock : dyRow;
        }
      }
      s.intoArray(out, 0);
      for (int lane = 0; lane < L; lane++) {
        total += out[lane];
      }
    }
    dBias[oc] = (float) (accumulate ? dBias[oc] + total : total);
  }

  /** Four output channels × five taps: 4 + 5 loads for 20 FMAs a position. */
  private void fourByFive(int b0, int b1, int d0, int d1, int d2, int d3,
      int f0, int f1, int f2, int f3, int f4, float[] out) {
    float[] x = this.x;
    float[] dy = this.dy;
    FloatVector zero = FloatVector.zero(S);
    FloatVector a00 = zero, a01 = zero, a02 = zero, a03 = zero, a04 = zero;
    FloatVector a10 = zero, a11 = zero, a12 = zero, a13 = zero, a14 = zero;
    FloatVector a20 = zero, a21 = zero, a22 = zero, a23 = zero, a24 = zero;
    FloatVector a30 = zero, a31 = zero, a32 = zero, a33 = zero, a34 = zero;
    int xr = xOff + b0 * xBlock;
    int dr = dyOff + b0 * dyBlock;
    int row = 0;
    int p = 0;
    for (int rows = (b1 - b0) * outH; rows > 0; ) {
      FloatVector g0 = FloatVector.fromArray(S, dy, dr + d0 + p);
      FloatVector g1 = FloatVector.fromArray(S, dy, dr + d1 + p);
      FloatVector g2 = FloatVector.fromArray(S, dy, dr + d2 + p);
      FloatVector g3 = FloatVector.fromArray(S, dy, dr + d3 + p);
      FloatVector x0 = FloatVector.fromArray(S, x, xr + f0 + p);
      a00 = g0.fma(x0, a00);
      a10 = g1.fma(x0, a10);
      a20 = g2.fma(x0, a20);
      a30 = g3.fma(x0, a30);
      FloatVector x1 = FloatVector.fromArray(S, x, xr + f1 + p);
      a01 = g0.fma(x1, a01);
      a11 = g1.fma(x1, a11);
      a21 = g2.fma(x1, a21);
      a31 = g3.fma(x1, a31);
      FloatVector x2 = FloatVector.fromArray(S, x, xr + f2 + p);
      a02 = g0.fma(x2, a02);
      a12 = g1.fma(x2, a12);
      a22 = g2.fma(x2, a22);
      a32 = g3.fma(x2, a32);
      FloatVector x3 = FloatVector.fromArray(S, x, xr + f3 + p);
      a03 = g0.fma(x3, a03);
      a13 = g1.fma(x3, a13);
      a23 = g2.fma(x3, a23);
      a33 = g3.fma(x3, a33);
      FloatVector x4 = FloatVector.fromArray(S, x, xr + f4 + p);
      a04 = g0.fma(x4, a04);
      a14 = g1.fma(x4, a14);
      a24 = g2.fma(x4, a24);
      a34 = g3.fma(x4, a34);
      p += L;
      if (p == rowSpan) {
        p = 0;
        rows--;
        boolean blockEnds = ++row == outH;
        row = blockEnds ? 0 : row;
        xr += blockEnds ? xNextBlock : xRow;
        dr += blockEnds ? dyNextBlock : dyRow;
      }
    }
    a00.intoArray(out, 0 * L);
    a01.intoArray(out, 1 * L);
    a02.intoArray(out, 2 * L);
    a03.intoArray(out, 3 * L);
    a04.intoArray(out, 4 * L);
    a10.intoArray(out, 5 * L);
    a11.intoArray(out, 6 * L);
    a12.intoArray(out, 7 * L);
    a13.intoArray(out, 8 * L);
    a14.intoArray(out, 9 * L);
    a20.intoArray(out, 10 * L);
    a21.intoArray(out, 11 * L);
    a22.intoArray(out, 12 * L);
    a23.intoArray(out, 13 * L);
    a24.intoArray(out, 14 * L);
    a30.intoArray(out, 15 * L);
    a31.intoArray(out, 16 * L);
    a32.intoArray(out, 17 * L);
    a33.intoArray(out, 18 * L);
    a34.intoArray(out, 19 * L);
  }

  /** Two output channels × ten taps: 2 + 10 loads for 20 FMAs a position. */
  private void twoByTen(int b0, int b1, int d0, int d1,
      int f0, int f1, int f2, int f3, int f4, int f5, int f6, int f7, int f8, int f9, float[] out) {
    float[] x = this.x;
    float[] dy = this.dy;
    FloatVector zero = FloatVector.zero(S);
    FloatVector a00 = zero, a01 = zero, a02 = zero, a03 = zero, a04 = zero;
    FloatVector a05 = zero, a06 = zero, a07 = zero, a08 = zero, a09 = zero;
    FloatVector a10 = zero, a11 = zero, a12 = zero, a13 = zero, a14 = zero;
    FloatVector a15 = zero, a16 = zero, a17 = zero, a18 = zero, a19 = zero;
    int xr = xOff + b0 * xBlock;
    int dr = dyOff + b0 * dyBlock;
    int row = 0;
    int p = 0;
    for (int rows = (b1 - b0) * outH; rows > 0; ) {
      FloatVector g0 = FloatVector.fromArray(S, dy, dr + d0 + p);
      FloatVector g1 = FloatVector.fromArray(S, dy, dr + d1 + p);
      FloatVector x0 = FloatVector.fromArray(S, x, xr + f0 + p);
      a00 = g0.fma(x0, a00);
      a10 = g1.fma(x0, a10);
      FloatVector x1 = FloatVector.fromArray(S, x, xr + f1 + p);
      a01 = g0.fma(x1, a01);
      a11 = g1.fma(x1, a11);
      FloatVector x2 = FloatVector.fromArray(S, x, xr + f2 + p);
      a02 = g0.fma(x2, a02);
      a12 = g1.fma(x2, a12);
      FloatVector x3 = FloatVector.fromArray(S, x, xr + f3 + p);
      a03 = g0.fma(x3, a03);
      a13 = g1.fma(x3, a13);
      FloatVector x4 = FloatVector.fromArray(S, x, xr + f4 + p);
      a04 = g0.fma(x4, a04);
      a14 = g1.fma(x4, a14);
      FloatVector x5 = FloatVector.fromArray(S, x, xr + f5 + p);
      a05 = g0.fma(x5, a05);
      a15 = g1.fma(x5, a15);
      FloatVector x6 = FloatVector.fromArray(S, x, xr + f6 + p);
      a06 = g0.fma(x6, a06);
      a16 = g1.fma(x6, a16);
      FloatVector x7 = FloatVector.fromArray(S, x, xr + f7 + p);
      a07 = g0.fma(x7, a07);
      a17 = g1.fma(x7, a17);
      FloatVector x8 = FloatVector.fromArray(S, x, xr + f8 + p);
      a08 = g0.fma(x8, a08);
      a18 = g1.fma(x8, a18);
      FloatVector x9 = FloatVector.fromArray(S, x, xr + f9 + p);
      a09 = g0.fma(x9, a09);
      a19 = g1.fma(x9, a19);
      p += L;
      if (p == rowSpan) {
        p = 0;
        rows--;
        boolean blockEnds = ++row == outH;
        row = blockEnds ? 0 : row;
        xr += blockEnds ? xNextBlock : xRow;
        dr += blockEnds ? dyNextBlock : dyRow;
      }
    }
    a00.intoArray(out, 0 * L);
    a01.intoArray(out, 1 * L);
    a02.intoArray(out, 2 * L);
    a03.intoArray(out, 3 * L);
    a04.intoArray(out, 4 * L);
    a05.intoArray(out, 5 * L);
    a06.intoArray(out, 6 * L);
    a07.intoArray(out, 7 * L);
    a08.intoArray(out, 8 * L);
    a09.intoArray(out, 9 * L);
    a10.intoArray(out, 10 * L);
    a11.intoArray(out, 11 * L);
    a12.intoArray(out, 12 * L);
    a13.intoArray(out, 13 * L);
    a14.intoArray(out, 14 * L);
    a15.intoArray(out, 15 * L);
    a16.intoArray(out, 16 * L);
    a17.intoArray(out, 17 * L);
    a18.intoArray(out, 18 * L);
    a19.intoArray(out, 19 * L);
  }

  /** One output channel × ten taps. */
  private void oneByTen(int b0, int b1, int d0,
      int f0, int f1, int f2, int f3, int f4, int f5, int f6, int f7, int f8, int f9, float[] out) {
    float[] x = this.x;
    float[] dy = this.dy;
    FloatVector zero = FloatVector.zero(S);
    FloatVector a00 = zero, a01 = zero, a02 = zero, a03 = zero, a04 = zero;
    FloatVector a05 = zero, a06 = zero, a07 = zero, a08 = zero, a09 = zero;
    int xr = xOff + b0 * xBlock;
    int dr = dyOff + b0 * dyBlock;
    int row = 0;
    int p = 0;
    for (int rows = (b1 - b0) * outH; rows > 0; ) {
      FloatVector g0 = FloatVector.fromArray(S, dy, dr + d0 + p);
      FloatVector x0 = FloatVector.fromArray(S, x, xr + f0 + p);
      a00 = g0.fma(x0, a00);
      FloatVector x1 = FloatVector.fromArray(S, x, xr + f1 + p);
      a01 = g0.fma(x1, a01);
      FloatVector x2 = FloatVector.fromArray(S, x, xr + f2 + p);
      a02 = g0.fma(x2, a02);
      FloatVector x3 = FloatVector.fromArray(S, x, xr + f3 + p);
      a03 = g0.fma(x3, a03);
      FloatVector x4 = FloatVector.fromArray(S, x, xr + f4 + p);
      a04 = g0.fma(x4, a04);
      FloatVector x5 = FloatVector.fromArray(S, x, xr + f5 + p);
      a05 = g0.fma(x5, a05);
      FloatVector x6 = FloatVector.fromArray(S, x, xr + f6 + p);
      a06 = g0.fma(x6, a06);
      FloatVector x7 = FloatVector.fromArray(S, x, xr + f7 + p);
      a07 = g0.fma(x7, a07);
      FloatVector x8 = FloatVector.fromArray(S, x, xr + f8 + p);
      a08 = g0.fma(x8, a08);
      FloatVector x9 = FloatVector.fromArray(S, x, xr + f9 + p);
      a09 = g0.fma(x9, a09);
      p += L;
      if (p == rowSpan) {
        p = 0;
        rows--;
        boolean blockEnds = ++row == outH;
        row = blockEnds ? 0 : row;
        xr += blockEnds ? xNextBlock : xRow;
        dr += blockEnds ? dyNextBlock : dyRow;
      }
    }
    a00.intoArray(out, 0 * L);
    a01.intoArray(out, 1 * L);
    a02.intoArray(out, 2 * L);
    a03.intoArray(out, 3 * L);
    a04.intoArray(out, 4 * L);
    a05.intoArray(out, 5 * L);
    a06.intoArray(out, 6 * L);
    a07.intoArray(out, 7 * L);
    a08.intoArray(out, 8 * L);
    a09.intoArray(out, 9 * L);
  }
}
