package dev.nnet.kernels;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Direct convolution for layers with few taps (one input channel, 5×5: the MNIST seeds' conv1) on kW shifted copies
 * of each input plane: copy (c, kw) holds row r of the zero-padded plane from column kw·dilW, outW columns wide, so
 * tap (c, kh, kw) of output position p = oh·outW + ow is that copy at p + kh·dilH·outW. Positions run densely over
 * the output plane, a vector of them is one load per tap, and tiles store into y directly: no columns are computed
 * and dropped, and no wide scratch plane is copied out ({@link DirectConv}'s wide grid spent half of mnist conv1's
 * forward on that copy). A tile is up to 5 output channels × {@value ShiftedTiles#V} vectors ({@link ShiftedTiles});
 * a plane that is not a whole number of tiles ends with a tile that overlaps the one before and stores the same
 * values. Each output is the bias plus the taps in weight order (without a bias, {@code DirectConv}'s sum bit for
 * bit), so a layer without an activation (ReLU fused into the pooling) needs no sweep of y after the tiles; ReLU,
 * other activations and a residual follow per sample, as unfused. Samples are split among {@link Parallel}
 * threads. {@link ShiftedWeightGradient} is the weight gradient on the same copies.
 *
 * <p>Only loaded with the Vector API ({@link MicroKernel#VECTOR}). Not for concurrent use; allocates its
 * workspaces on first use and never again.
 */
final class ShiftedConv implements Parallel.Task {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();
  private static final int V = ShiftedTiles.V;

  final int inC;
  private final int height;
  private final int width;
  final int outC;
  private final int kernelW;
  private final int padH;
  private final int padW;
  private final int dilationW;
  final int outH;
  final int outW;
  /** Output positions per plane, and one shifted copy's size (all padded rows, outW wide). */
  final int plane;
  private final int copySize;
  /** One sample's shifted copies plus the slack a last vector reads (zeros). */
  final int sampleSpan;
  final int taps;
  /** Each tap's offset in the shifted copies, in weight order. */
  final int[] tapOffset;
  /** The output channels of each tile, in order: near-equal blocks (10 is 5 + 5, not 5 + 4 + 1: {@link #blocks}). */
  private final int[] blocks;

  private float[][] copies;
  /** Per worker, one sample's output for planes smaller than a tile; else null. */
  private float[][] small;
  private float[] zeroBias;

  private int count;
  private float[] in;
  private int inOff;
  private float[] weight;
  private float[] bias;
  private float[] residual;
  private int residualOff;
  private float[] out;
  private int outOff;
  private Activation act;

  ShiftedConv(int inC, int height, int width, int outC, int kernelH, int kernelW, int padH, int padW, int dilationH,
      int dilationW) {
    this.inC = inC;
    this.height = height;
    this.width = width;
    this.outC = outC;
    this.kernelW = kernelW;
    this.padH = padH;
    this.padW = padW;
    this.dilationW = dilationW;
    this.outH = height + 2 * padH - dilationH * (kernelH - 1);
    this.outW = width + 2 * padW - dilationW * (kernelW - 1);
    this.plane = outH * outW;
    this.copySize = (height + 2 * padH) * outW;
    this.taps = inC * kernelH * kernelW;
    this.tapOffset = new int[taps];
    for (int t = 0; t < taps; t++) {
      int kw = t % kernelW;
      int kh = t / kernelW % kernelH;
      int c = t / (kernelW * kernelH);
      tapOffset[t] = (c * kernelW + kw) * copySize + kh * dilationH * outW;
    }
    // a position p < max(plane, V·L) reads at most the copies' end plus V·L - 1
    this.sampleSpan = inC * kernelW * copySize + V * L;
    this.blocks = blocks(outC, ShiftedTiles.SIZES);
  }

  /**
   * outC in as few tiles as the largest of sizes (largest first) holds, of near-equal sizes, each a tile size or
   * split into tile sizes largest first: a small tile spends more loads and broadcasts per FMA.
   */
  static int[] blocks(int outC, int[] sizes) {
    int k = (outC + sizes[0] - 1) / sizes[0];
    int[] plan = new int[outC];
    int count = 0;
    for (int b = 0; b < k; b++) {
      int left = outC / k + (b < outC % k ? 1 : 0);
      for (int size : sizes) {
        while (left >= size) {
          plan[count++] = size;
          left -= size;
        }
      }
    }
    return Arrays.copyOf(plan, count);
  }

  /** Copies sample s of x into its shifted copies; the padding's positions are never written, so stay zero. */
  void shift(float[] x, int xOff, int s, float[] buffer) {
    for (int c = 0; c < inC; c++) {
      int src = xOff + (s * inC + c) * height * width;
      for (int kw = 0; kw < kernelW; kw++) {
        int lo = Math.max(0, padW - kw * dilationW);
        int hi = Math.min(outW, width + padW - kw * dilationW);
        if (hi > lo) {
          int dst = (c * kernelW + kw) * copySize + padH * outW + lo;
          ShiftedRows.copy(x, src + lo + kw * dilationW - padW, width, buffer, dst, outW, height, hi - lo);
        }
      }
    }
  }

  /** y = act(conv(x, weight) + bias + residual); bias and residual may be null. */
  void forward(int n, float[] x, int xOff, float[] w, float[] b, float[] r, int rOff, float[] y, int yOff,
      Activation act) {
    if (copies == null) {
      int workers = Parallel.poolSize();
      copies = new float[workers][sampleSpan];
      small = plane < V * L ? new float[workers][outC * V * L] : null;
      zeroBias = new float[outC];
    }
    this.count = n;
    this.in = x;
    this.inOff = xOff;
    this.weight = w;
    this.bias = b == null ? zeroBias : b;
    this.residual = r;
    this.residualOff = rOff;
    this.out = y;
    this.outOff = yOff;
    this.act = act;
    try {
      Parallel.run(this);
    } finally {
      this.in = null;
      this.weight = null;
      this.bias = null;
      this.residual = null;
      this.out = null;
    }
  }

  @Override
  public void run(int worker, int workers) {
    int s0 = (int) ((long) count * worker / workers);
    int s1 = (int) ((long) count * (worker + 1) / workers);
    for (int s = s0; s < s1; s++) {
      forwardSample(worker, s);
    }
  }

  private void forwardSample(int worker, int s) {
    float[] xs = copies[worker];
    shift(in, inOff, s, xs);
    int sample = outC * plane;
    int at = outOff + s * sample;
    if (small == null) {
      tiles(xs, out, at, plane, plane);
    } else {
      float[] y = small[worker];
      tiles(xs, y, 0, V * L, V * L);
      for (int oc = 0; oc < outC; oc++) {
        System.arraycopy(y, oc * V * L, out, at + oc * plane, plane);
      }
    }
    if (residual != null) {
      Epilogue.addResidual(out, at, sample, residual, residualOff + s * sample, act);
    } else if (act == Activation.RELU) {
      ShiftedRows.relu(out, at, sample);
    } else {
      act.applyInPlace(out, at, sample);
    }
  }

  /** Every channel's positions [0, end), end ≥ V·L, into y from yAt, channel planes stride apart. */
  private void tiles(float[] xs, float[] y, int yAt, int stride, int end) {
    float[] w = weight;
    float[] b = bias;
    int last = end - V * L;
    int oc = 0;
    for (int size : blocks) {
      for (int q = 0; q < end; q += V * L) {
        ShiftedTiles.tile(size, xs, Math.min(q, last), tapOffset, w, oc, taps, b, y, yAt, stride);
      }
      oc += size;
    }
  }
}
