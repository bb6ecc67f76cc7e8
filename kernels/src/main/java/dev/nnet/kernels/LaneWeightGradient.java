package dev.nnet.kernels;

import java.util.Arrays;

/**
 * The weight gradient of a stride-1 convolution on the lane-blocked layout (block b holds L samples in the vector
 * lanes, {@code index(b, c, h, w, lane) = off + (((b·C + c)·Hp + h)·Wp + w)·L + lane}, lanes past n zero):
 * {@code dW[oc, c, kh, kw] = Σ dy[b, oc, oh, ow, :] · x[b, c, oh + kh, ow + kw, :]}, with x padded by the forward
 * padding and dy read inside a buffer of its own pitch and origin. Each lane of an accumulator is one sample's
 * partial sum, so no im2col or packing is needed: a register tile ({@link LaneWeightTiles}) of output channels ×
 * taps (a tap is one (c, kh, kw)) loads dy once for its channels and x once for its taps at each position.
 *
 * <p>A tile sums up to {@link #FOLD_TERMS} terms a lane in float (a whole block at least), then adds lanes 0..L-1
 * into double, block group by block group in order. Tiles are split among {@link Parallel} threads whole, so the
 * result does not depend on the thread count. Only loaded with the Vector API. Not for concurrent use; allocates
 * its workspaces on first use.
 */
final class LaneWeightGradient implements Parallel.Task {
  private static final int L = LaneWeightTiles.L;
  /** Terms a lane adds in float before its sum goes into double: as many as the other float paths add. */
  private static final int FOLD_TERMS = 256;
  /** The most outputs of a tile: 4 channels × 5 taps, 2 × 10 or 1 × 10. */
  private static final int TILE = 20;
  private static final String KERNEL = "LaneWeightGradient";

  private final int outC;
  private final int taps;
  private final int outH;
  private final int outW;
  private final int xBlock;
  private final int foldBlocks;
  /** Offset of tap k = (c·kH + kh)·kW + kw in an x block from the output pixel's position. */
  private final int[] tapOffset;
  /** Work items, one a tile: its first output channel, its channel count (4, 2 or 1) and its first tap. */
  private final int[] itemChannel;
  private final int[] itemChannels;
  private final int[] itemTap;
  private final LaneWeightTiles tiles;

  private float[][] tileOut;
  private double[][] tileSums;

  private int blocks;
  private int dyPlane;
  private int dyOrigin;
  private float[] dWeight;
  private float[] dBias;
  private boolean accumulate;

  /** x in lanes on an xHp × xWp plane (the forward padding included); dy is outH × outW. */
  LaneWeightGradient(int inC, int outC, int kernelH, int kernelW, int xHp, int xWp, int outH, int outW) {
    Checks.positive(KERNEL, "inC", inC);
    Checks.positive(KERNEL, "outC", outC);
    Checks.positive(KERNEL, "kernelH", kernelH);
    Checks.positive(KERNEL, "kernelW", kernelW);
    Checks.positive(KERNEL, "outH", outH);
    Checks.positive(KERNEL, "outW", outW);
    if (xHp < outH + kernelH - 1 || xWp < outW + kernelW - 1) {
      throw new KernelArgumentException(KERNEL + ": the padded x plane is " + xHp + "x" + xWp + " but a " + outH + "x"
          + outW + " output of a " + kernelH + "x" + kernelW + " kernel reads " + (outH + kernelH - 1) + "x"
          + (outW + kernelW - 1) + "; pass the plane size with the forward padding");
    }
    this.outC = outC;
    this.taps = inC * kernelH * kernelW;
    this.outH = outH;
    this.outW = outW;
    this.xBlock = inC * xHp * xWp * L;
    this.foldBlocks = Math.max(1, FOLD_TERMS / (outH * outW));
    this.tiles = new LaneWeightTiles(outH, outW, xBlock, xWp * L);
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
      for (int k = 0; k < taps; k += tapsOf(channels)) {
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
    Checks.nonNegative(KERNEL, "blocks", blocks);
    Checks.nonNegative(KERNEL, "dyPadH", dyPadH);
    Checks.nonNegative(KERNEL, "dyPadW", dyPadW);
    if (dyHp < dyPadH + outH || dyWp < dyPadW + outW) {
      throw new KernelArgumentException(KERNEL + ": a dy plane of " + dyHp + "x" + dyWp + " cannot hold the " + outH
          + "x" + outW + " output at (" + dyPadH + ", " + dyPadW + "); pass the pitch of the buffer dy sits in");
    }
    Checks.span(KERNEL, "xLanes", xLanes, xOff, (long) blocks * xBlock);
    Checks.span(KERNEL, "dyLanes", dyLanes, dyOff, (long) blocks * outC * dyHp * dyWp * L);
    Checks.span(KERNEL, "dWeight", dWeight, 0, (long) outC * taps);
    if (dBias != null) {
      Checks.span(KERNEL, "dBias", dBias, 0, outC);
    }
    if (tileOut == null) {
      int workers = Parallel.poolSize();
      tileOut = new float[workers][TILE * L];
      tileSums = new double[workers][TILE];
    }
    this.blocks = blocks;
    this.dyPlane = dyHp * dyWp * L;
    this.dyOrigin = (dyPadH * dyWp + dyPadW) * L;
    this.dWeight = dWeight;
    this.dBias = dBias;
    this.accumulate = accumulate;
    tiles.bind(xLanes, xOff, dyLanes, dyOff, outC * dyPlane, dyWp * L);
    try {
      Parallel.run(this);
    } finally {
      tiles.release();
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

  private static int tapsOf(int channels) {
    return channels == 4 ? 5 : 10;
  }

  /**
   * One tile over every block: float sums of {@link #foldBlocks} blocks, folded lane by lane into double, then
   * stored. Taps past the last are computed on the last tap again and dropped.
   */
  private void tile(int worker, int oc, int channels, int k) {
    float[] out = tileOut[worker];
    double[] sums = tileSums[worker];
    int step = tapsOf(channels);
    Arrays.fill(sums, 0.0);
    int d = dyOrigin + oc * dyPlane;
    for (int b0 = 0; b0 < blocks; b0 += foldBlocks) {
      int b1 = Math.min(blocks, b0 + foldBlocks);
      if (channels == 4) {
        tiles.fourByFive(b0, b1, d, d + dyPlane, d + 2 * dyPlane, d + 3 * dyPlane, tap(k), tap(k + 1), tap(k + 2),
            tap(k + 3), tap(k + 4), out);
      } else if (channels == 2) {
        tiles.twoByTen(b0, b1, d, d + dyPlane, tap(k), tap(k + 1), tap(k + 2), tap(k + 3), tap(k + 4), tap(k + 5),
            tap(k + 6), tap(k + 7), tap(k + 8), tap(k + 9), out);
      } else {
        tiles.oneByTen(b0, b1, d, tap(k), tap(k + 1), tap(k + 2), tap(k + 3), tap(k + 4), tap(k + 5), tap(k + 6),
            tap(k + 7), tap(k + 8), tap(k + 9), out);
      }
      fold(out, sums, channels * step);
    }
    int valid = Math.min(step, taps - k);
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

  /** dBias[oc]: the sum of dy, in float vectors of {@link #foldBlocks} blocks, then lane by lane in double. */
  private void biasSum(int worker, int oc) {
    float[] out = tileOut[worker];
    double[] sums = tileSums[worker];
    sums[0] = 0;
    for (int b0 = 0; b0 < blocks; b0 += foldBlocks) {
      tiles.dySum(b0, Math.min(blocks, b0 + foldBlocks), dyOrigin + oc * dyPlane, out);
      fold(out, sums, 1);
    }
    dBias[oc] = (float) (accumulate ? dBias[oc] + sums[0] : sums[0]);
  }

  /** Adds the lanes of each of the first {@code count} vectors of out, 0 to L-1 in double, to its sum. */
  private static void fold(float[] out, double[] sums, int count) {
    for (int i = 0; i < count; i++) {
      double sum = 0;
      for (int lane = 0; lane < L; lane++) {
        sum += out[i * L + lane];
      }
      sums[i] += sum;
    }
  }
}
