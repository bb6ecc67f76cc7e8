package dev.nnet.kernels;

import java.util.Arrays;

/**
 * The data gradient of a "valid" (unpadded) stride-1 convolution on the lanes layout ({@link LaneLayout}), without
 * the zero border that {@link LaneConv} on dy padded by k − 1 computes (about 30% of its work on 12×12 planes of a
 * 5×5 kernel): dx[c, ih, iw] = Σ w[oc, c, kh, kw] · dy[oc, ih − kh, iw − kw]. Per dx row ih it gathers over the
 * (kh, oc) taps whose dy row ih − kh exists (exact), and scatters over kw: a register tile of 4 dx channels × 4 dy
 * columns ow..ow+3 starts from the dx row's sums at columns ow + kw + j, adds w[oc, c, kh, kw] · dy[oc, ih − kh,
 * ow + j] for one kw, and stores them back, so every column is exact too (dy rows are whole tiles: {@link
 * ConvChoice#exactLanesData}). dy is read unpadded, as the weight gradient reads it, and the lanes copy
 * of the whole batch stays until the next call ({@link #dyLanes}).
 *
 * <p>A band of dx rows at a time is summed into a per-worker lanes buffer (zeroed first), then written to NCHW by
 * {@link LaneLayout#fromLanes} while in cache. Each dx element adds its kw terms in order, each a tile's sum in tap
 * order; blocks are split among {@link Parallel} threads, so the bits do not depend on the thread count. Only
 * loaded with the Vector API. Not for concurrent use; allocates its workspaces on first use and never again.
 */
final class LaneDataGradient implements Parallel.Task {
  private static final int L = LaneLayout.L;
  /** About how many dx positions a band holds, as in {@link LaneConv}. */
  private static final int BAND_POSITIONS = 48;

  private final LaneLayout dyLayout;
  private final int inC;
  private final int height;
  private final int width;
  private final int outC;
  private final int kH;
  private final int kW;
  private final int outH;
  private final int outW;
  private final int maxBatch;
  /** Taps of one dx channel and kw: (kh, oc) in that order, so a row's existing dy rows are one range. */
  private final int rowTaps;
  private final int[] tapInput;
  private final int[] tapWeight;
  private final int band;
  private final int planeStride;

  private float[] keptDy;
  private float[] transposed;
  private float[][] sums;

  private int count;
  private float[] dy;
  private int dyOff;
  private boolean dyInLanes;
  private float[] dx;
  private int dxOff;

  /** Needs dy rows of whole 4-column tiles: a tile adds all 4 columns into the dx row ({@link LaneDataTiles}). */
  LaneDataGradient(int maxBatch, int inC, int height, int width, int outC, int kernelH, int kernelW) {
    if ((width - kernelW + 1) % 4 != 0 || height < kernelH) {
      throw new KernelArgumentException("LaneDataGradient: a " + height + "x" + width + " plane and a " + kernelH + "x"
          + kernelW + " kernel give " + (width - kernelW + 1) + " dy columns, not a multiple of 4; use LaneConv on "
          + "padded dy (ConvChoice.exactLanesData)");
    }
    this.inC = inC;
    this.height = height;
    this.width = width;
    this.outC = outC;
    this.kH = kernelH;
    this.kW = kernelW;
    this.outH = height - kernelH + 1;
    this.outW = width - kernelW + 1;
    this.maxBatch = maxBatch;
    this.dyLayout = new LaneLayout(outC, outH, outW, 0, 0);
    this.rowTaps = kernelH * outC;
    this.tapInput = new int[rowTaps];
    this.tapWeight = new int[rowTaps];
    for (int kh = 0; kh < kernelH; kh++) {
      for (int oc = 0; oc < outC; oc++) {
        tapInput[kh * outC + oc] = (oc * outH * outW - kh * outW) * L;
        tapWeight[kh * outC + oc] = kh * outC + oc;
      }
    }
    this.band = Math.min(height, Math.max(1, BAND_POSITIONS / width) * (L / gcd(width, L)));
    this.planeStride = band * width;
  }

  /** dx of n samples from dy (NCHW) and the weights [outC, inC, kH, kW]; overwrites dx. */
  void run(int n, float[] dy, int dyOff, float[] weight, float[] dx, int dxOff) {
    allocate();
    transpose(weight);
    this.count = n;
    this.dy = dy;
    this.dyOff = dyOff;
    this.dyInLanes = false;
    this.dx = dx;
    this.dxOff = dxOff;
    try {
      Parallel.run(this);
    } finally {
      this.dy = null;
      this.dx = null;
    }
  }

  /** The last call's dy in lanes (unpadded, block b at b·block); null before the first call. */
  float[] dyLanes() {
    return keptDy;
  }

  private void allocate() {
    if (sums == null) {
      int workers = Parallel.poolSize();
      sums = new float[workers][inC * planeStride * L];
      keptDy = new float[Math.multiplyExact(LaneLayout.blocks(maxBatch), dyLayout.block)];
      transposed = new float[inC * kW * rowTaps];
    }
  }

  /** transposed[((c·kW + kw)·kH + kh)·outC + oc] = w[oc, c, kh, kw]: one dx channel's taps of one kw together. */
  private void transpose(float[] w) {
    for (int oc = 0; oc < outC; oc++) {
      for (int c = 0; c < inC; c++) {
        for (int kh = 0; kh < kH; kh++) {
          for (int kw = 0; kw < kW; kw++) {
            transposed[((c * kW + kw) * kH + kh) * outC + oc] = w[((oc * inC + c) * kH + kh) * kW + kw];
          }
        }
      }
    }
  }

  @Override
  public void run(int worker, int workers) {
    int blocks = LaneLayout.blocks(count);
    int b0 = (int) ((long) blocks * worker / workers);
    int b1 = (int) ((long) blocks * (worker + 1) / workers);
    float[] acc = sums[worker];
    for (int b = b0; b < b1; b++) {
      int at = b * dyLayout.block;
      int samples = Math.min(L, count - b * L);
      dyLayout.toLanes(dy, dyOff, b * L, samples, keptDy, at);
      for (int r0 = 0; r0 < height; r0 += band) {
        int r1 = Math.min(height, r0 + band);
        Arrays.fill(acc, 0f);
        rows(at, r0, r1, acc);
        LaneLayout.fromLanes(acc, 0, inC, height * width, planeStride, r0 * width, r1 * width, b * L, samples, dx,
            dxOff, null, Activation.NONE);
      }
    }
  }

  /** The sums of dx rows [r0, r1) of the block of dy at keptDy[at] into acc (zeroed), row r at (r − r0)·width. */
  private void rows(int at, int r0, int r1, float[] acc) {
    int ocSpan = planeStride * L;
    int wStride = kW * rowTaps;
    for (int ih = r0; ih < r1; ih++) {
      int from = Math.max(0, ih - outH + 1) * outC;
      int to = Math.min(kH, ih + 1) * outC;
      int accRow = (ih - r0) * width * L;
      for (int c = 0, channels; c < inC; c += channels) {
        channels = inC - c >= 4 ? 4 : inC - c >= 2 ? 2 : 1;
        for (int ow = 0; ow < outW; ow += 4) {
          int dyAt = at + (ih * outW + ow) * L;
          for (int kw = 0; kw < kW; kw++) {
            int wAt = (c * kW + kw) * rowTaps;
            int accAt = c * ocSpan + accRow + (ow + kw) * L;
            if (channels == 4) {
              LaneDataTiles.fourChannels(keptDy, dyAt, tapInput, tapWeight, from, to, transposed, wAt, wStride, acc,
                  accAt, ocSpan);
            } else if (channels == 2) {
              LaneDataTiles.twoChannels(keptDy, dyAt, tapInput, tapWeight, from, to, transposed, wAt, wStride, acc,
                  accAt, ocSpan);
            } else {
              LaneDataTiles.oneChannel(keptDy, dyAt, tapInput, tapWeight, from, to, transposed, wAt, wStride, acc,
                  accAt, ocSpan);
            }
          }
        }
      }
    }
  }

  private static int gcd(int a, int b) {
    return b == 0 ? a : gcd(b, a % b);
  }
}
