package dev.nnet.kernels;

/**
 * Winograd F(2×2, 3×3) for 3×3 convolutions with stride 1, padding 1, dilation 1 and one group ("same" output).
 * The output is cut into 2×2 tiles, each read from a 4×4 tile of the padded input; per tile and channel the 16
 * transformed elements ξ of x (V = Bᵀ d B) times those of the weights (U = G g Gᵀ), summed over input channels, are
 * one GEMM per ξ over (tile × channel) ({@link WinogradGemm}), and y = Aᵀ M A ({@link WinogradTiles}). That is 16
 * multiplications per 4 outputs instead of 36.
 *
 * <p>A pass runs on {@link Parallel} by groups of whole samples, each group start to finish on one thread with its
 * V and M in that thread's buffers (L2-sized: a separate pass per phase streamed megabytes through L3). Each
 * sample's planes are first copied into a zero-padded channel-last buffer, so the vector lanes are channels. The
 * weight gradient is dW = Gᵀ (Σ over tiles of V ⊙ D) G with D = A dy Aᵀ: each group sums its own tiles in float
 * (one FMA chain per element), and the groups are added in double in group order, so every result is the same on
 * every run and for any thread count. The data gradient is this forward applied to dy with the flipped, transposed
 * weights ({@link Conv2d}).
 *
 * <p>Only loaded with the Vector API. Not for concurrent use; allocates its workspaces on first use and never
 * again.
 */
final class WinogradConv implements Parallel.Task {
  private static final int L = WinogradTiles.L;
  private static final int ELEMENTS = 16;
  /** Tiles a forward group has at least (so the 8-tile product kernel runs), and a weight-gradient group. */
  private static final int FORWARD_TILES = 32;
  private static final int GRADIENT_TILES = 128;
  /** Output channels per register block of the weight-gradient product ({@link WinogradGemm#gradient}). */
  private static final int OUT_BLOCK = 8;

  private enum Phase { FORWARD, GRADIENT, REDUCE }

  private final int inC;
  private final int height;
  private final int width;
  private final int outC;
  private final int tilesW;
  private final int tilesPerSample;
  /** Channel counts rounded up to whole vectors. */
  private final int inPitch;
  private final int outPitch;
  private final int paddedCols;
  private final int paddedSize;
  private final int tileCols;
  private final int tileSize;
  /** Samples per group of each pass, and the tiles of the larger group (the ξ-plane stride of V and M). */
  private final int forwardGroup;
  private final int gradientGroup;
  private final int groupTiles;
  /** Floats of one group's weight-gradient partial sums: 16 × outC × inPitch. */
  private final int partialSize;
  private final int maxBatch;
  /** Plane offsets of one vector of channels, for gathers from and scatters to NCHW; null where L ∤ channels. */
  private final int[] inLanes;
  private final int[] outLanes;

  /** U[ξ][c][o] of the weights of the last forward. */
  private float[] u;
  private float[] biasRow;
  /** Per group of the weight gradient, Σ V ⊙ D over its tiles; then their double sums. */
  private float[] partial;
  private double[] sums;
  private double[] biasParts;
  /** Per worker: padded channel-last input, channel-last output or dy, V and M (or D) of a group, tile sums. */
  private float[][] padded;
  private float[][] tileBuffer;
  private float[][] vGroup;
  private float[][] mGroup;
  private float[][] tileSums;

  private Phase phase;
  private int count;
  private float[] data;
  private int dataOff;
  private float[] other;
  private int otherOff;
  private Activation act;
  /** Added after the bias and before the activation (same layout as y), or null. */
  private float[] residual;
  private int residualOff;

  WinogradConv(int maxBatch, int inC, int height, int width, int outC) {
    this.inC = inC;
    this.height = height;
    this.width = width;
    this.outC = outC;
    int tilesH = (height + 1) / 2;
    this.tilesW = (width + 1) / 2;
    this.tilesPerSample = tilesH * tilesW;
    this.inPitch = roundUp(inC);
    this.outPitch = roundUp(outC);
    this.paddedCols = 2 * tilesW + 2;
    this.paddedSize = (2 * tilesH + 2) * paddedCols * inPitch;
    this.tileCols = 2 * tilesW;
    this.tileSize = 2 * tilesH * tileCols * outPitch;
    this.forwardGroup = Math.min(maxBatch, (FORWARD_TILES + tilesPerSample - 1) / tilesPerSample);
    this.gradientGroup = Math.min(maxBatch, (GRADIENT_TILES + tilesPerSample - 1) / tilesPerSample);
    this.groupTiles = Math.max(forwardGroup, gradientGroup) * tilesPerSample;
    this.partialSize = ELEMENTS * outC * inPitch;
    this.maxBatch = maxBatch;
    this.inLanes = inC % L == 0 ? lanes(height * width) : null;
    this.outLanes = outC % L == 0 ? lanes(height * width) : null;
    int groups = (maxBatch + gradientGroup - 1) / gradientGroup;
    Math.multiplyExact(groups, partialSize); // fits one array
  }

  /** Whether this algorithm computes the convolution: 3×3, unit stride and dilation, padding 1, one group. */
  static boolean applies(ConvGeometry g) {
    return g.kernelH == 3 && g.kernelW == 3 && g.strideH == 1 && g.strideW == 1 && g.padH == 1 && g.padW == 1
        && g.dilationH == 1 && g.dilationW == 1 && g.groups == 1;
  }

  private static int[] lanes(int plane) {
    int[] offsets = new int[L];
    for (int l = 0; l < L; l++) {
      offsets[l] = l * plane;
    }
    return offsets;
  }

  private static int roundUp(int channels) {
    return (channels + L - 1) / L * L;
  }

  /** y = act(conv(x, weight) + bias); bias may be null. */
  void forward(int n, float[] x, int xOff, float[] weight, float[] bias, float[] y, int yOff, Activation act) {
    forward(n, x, xOff, weight, bias, null, 0, y, yOff, act);
  }

  /** y = act(conv(x, weight) + bias + residual); bias and residual may be null. */
  void forward(int n, float[] x, int xOff, float[] weight, float[] bias, float[] r, int rOff, float[] y, int yOff,
      Activation act) {
    allocate();
    this.residual = r;
    this.residualOff = rOff;
    WinogradWeights.transform(weight, outC, inC, outPitch, u);
    for (int o = 0; o < outC; o++) {
      biasRow[o] = bias == null ? 0f : bias[o];
    }
    this.act = act;
    try {
      run(Phase.FORWARD, n, x, xOff, y, yOff);
    } finally {
      this.act = null;
      this.residual = null;
    }
  }

  /** dWeight (and dBias when non-null) from x and dy; accumulate ? adds : overwrites. */
  void weightGradient(int n, float[] x, int xOff, float[] dy, int dyOff, float[] dWeight, float[] dBias,
      boolean accumulate) {
    allocate();
    run(Phase.GRADIENT, n, x, xOff, dy, dyOff);
    run(Phase.REDUCE, n, null, 0, null, 0);
    WinogradWeights.storeGradient(sums, outC, inC, inPitch, dWeight, accumulate);
    if (dBias != null) {
      for (int o = 0; o < outC; o++) {
        double sum = 0;
        for (int s = 0; s < n; s++) {
          sum += biasParts[s * outC + o];
        }
        dBias[o] = (float) (accumulate ? dBias[o] + sum : sum);
      }
    }
  }

  private void run(Phase phase, int n, float[] data, int dataOff, float[] other, int otherOff) {
    this.phase = phase;
    this.count = n;
    this.data = data;
    this.dataOff = dataOff;
    this.other = other;
    this.otherOff = otherOff;
    try {
      Parallel.run(this);
    } finally {
      this.data = null;
      this.other = null;
    }
  }

  private void allocate() {
    if (u == null) {
      int workers = Parallel.poolSize();
      u = new float[ELEMENTS * inC * outPitch];
      biasRow = new float[outPitch];
      partial = new float[(maxBatch + gradientGroup - 1) / gradientGroup * partialSize];
      sums = new double[partialSize];
      biasParts = new double[maxBatch * outC];
      padded = new float[workers][paddedSize];
      tileBuffer = new float[workers][tileSize];
      vGroup = new float[workers][ELEMENTS * groupTiles * inPitch];
      mGroup = new float[workers][ELEMENTS * groupTiles * outPitch];
      tileSums = new float[workers][outPitch];
    }
  }
  @Override
  public void run(int worker, int workers) {
    int group = phase == Phase.FORWARD ? forwardGroup : gradientGroup;
    int units = phase == Phase.REDUCE ? ELEMENTS : (count + group - 1) / group;
    int u0 = (int) ((long) units * worker / workers);
    int u1 = (int) ((long) units * (worker + 1) / workers);
    for (int unit = u0; unit < u1; unit++) {
      if (phase == Phase.REDUCE) {
        reduce(unit);
        continue;
      }
      int s0 = unit * group;
      int s1 = Math.min(count, s0 + group);
      if (phase == Phase.FORWARD) {
        forwardGroup(worker, s0, s1);
      } else {
        gradientGroup(worker, unit, s0, s1);
      }
    }
  }

  /** Samples s0..s1: V of each, M = U·V per ξ, then y of each. */
  private void forwardGroup(int worker, int s0, int s1) {
    float[] v = vGroup[worker];
    float[] m = mGroup[worker];
    int tiles = (s1 - s0) * tilesPerSample;
    for (int s = s0; s < s1; s++) {
      inputSample(padded[worker], data, dataOff, s, v, (s - s0) * tilesPerSample);
    }
    for (int xi = 0; xi < ELEMENTS; xi++) {
      WinogradGemm.product(v, xi * groupTiles * inPitch, inPitch, inC, u, xi * inC * outPitch, m,
          xi * groupTiles * outPitch, outPitch, 0, tiles);
    }
    for (int s = s0; s < s1; s++) {
      outputSample(tileBuffer[worker], m, (s - s0) * tilesPerSample, s);
    }
  }

  /** Samples s0..s1 (group g): V of x, D of dy, and per ξ the group's Σ D ⊙ V into its slice of partial. */
  private void gradientGroup(int worker, int g, int s0, int s1) {
    float[] v = vGroup[worker];
    float[] d = mGroup[worker];
    int tiles = (s1 - s0) * tilesPerSample;
    for (int s = s0; s < s1; s++) {
      inputSample(padded[worker], data, dataOff, s, v, (s - s0) * tilesPerSample);
      gradientSample(tileBuffer[worker], tileSums[worker], d, (s - s0) * tilesPerSample, s);
    }
    for (int xi = 0; xi < ELEMENTS; xi++) {
      for (int o0 = 0; o0 < outC; o0 += OUT_BLOCK) {
        WinogradGemm.gradient(d, xi * groupTiles * outPitch, outPitch, o0, Math.min(OUT_BLOCK, outC - o0), v,
            xi * groupTiles * inPitch, inPitch, tiles, partial, g * partialSize + xi * outC * inPitch);
      }
    }
  }

  /** sums of element ξ: the groups' partial sums added in double, in group order. */
  private void reduce(int xi) {
    int groups = (count + gradientGroup - 1) / gradientGroup;
    int at = xi * outC * inPitch;
    int len = outC * inPitch;
    java.util.Arrays.fill(sums, at, at + len, 0.0);
    for (int g = 0; g < groups; g++) {
      int from = g * partialSize + at;
      for (int i = 0; i < len; i++) {
        sums[at + i] += partial[from + i];
      }
    }
  }

  /**
   * V of sample s into rows {@code first}.. of v: its planes into the padded channel-last buffer (border and extra
   * channels stay 0), then each tile.
   */
  private void inputSample(float[] buffer, float[] x, int xOff, int s, float[] v, int first) {
    if (inLanes != null) {
      WinogradTiles.gather(x, xOff + s * inC * height * width, inC, height, width, inLanes, buffer,
          (paddedCols + 1) * inPitch, paddedCols * inPitch, inPitch);
    } else {
      for (int c = 0; c < inC; c++) {
        int src = xOff + (s * inC + c) * height * width;
        for (int h = 0; h < height; h++) {
          int dst = ((h + 1) * paddedCols + 1) * inPitch + c;
          for (int w = 0; w < width; w++) {
            buffer[dst + w * inPitch] = x[src + h * width + w];
          }
        }
      }
    }
    int plane = groupTiles * inPitch;
    int row = paddedCols * inPitch;
    for (int t = 0; t < tilesPerSample; t++) {
      int at = 2 * (t / tilesW) * row + 2 * (t % tilesW) * inPitch;
      int vAt = (first + t) * inPitch;
      for (int c = 0; c < inPitch; c += L) {
        WinogradTiles.input(buffer, at + c, row, inPitch, v, vAt + c, plane);
      }
    }
  }

  /** y of sample s from rows {@code first}.. of m: Aᵀ M A + bias per tile, then to NCHW with the activation. */
  private void outputSample(float[] buffer, float[] m, int first, int s) {
    int plane = groupTiles * outPitch;
    int row = tileCols * outPitch;
    for (int t = 0; t < tilesPerSample; t++) {
      int at = 2 * (t / tilesW) * row + 2 * (t % tilesW) * outPitch;
      int mAt = (first + t) * outPitch;
      for (int o = 0; o < outPitch; o += L) {
        WinogradTiles.output(m, mAt + o, plane, biasRow, o, buffer, at + o, row, outPitch);
      }
    }
    int at = otherOff + s * outC * height * width;
    if (outLanes != null) {
      WinogradTiles.scatter(buffer, 0, row, outPitch, outC, height, width, outLanes, other, at);
    } else {
      for (int o = 0; o < outC; o++) {
        for (int h = 0; h < height; h++) {
          int src = h * row + o;
          for (int w = 0; w < width; w++) {
            other[at + o * height * width + h * width + w] = buffer[src + w * outPitch];
          }
        }
      }
    }
    if (residual != null) {
      Epilogue.addResidual(other, at, outC * height * width, residual, at - otherOff + residualOff, act);
    } else if (act != Activation.NONE) {
      act.applyInPlace(other, at, outC * height * width);
    }
  }

  /**
   * D of sample s's dy (positions past an odd edge stay 0) into rows {@code first}.. of d, and its per-channel sum
   * (the sum of its tiles' D[5]) for the bias gradient.
   */
  private void gradientSample(float[] buffer, float[] sampleSums, float[] d, int first, int s) {
    int row = tileCols * outPitch;
    if (outLanes != null) {
      WinogradTiles.gather(other, otherOff + s * outC * height * width, outC, height, width, outLanes, buffer, 0,
          row, outPitch);
    } else {
      for (int o = 0; o < outC; o++) {
        int src = otherOff + (s * outC + o) * height * width;
        for (int h = 0; h < height; h++) {
          int dst = h * row + o;
          for (int w = 0; w < width; w++) {
            buffer[dst + w * outPitch] = other[src + h * width + w];
          }
        }
      }
    }
    // the forward's output tiles share this buffer: clear what they wrote past an odd edge
    if (height % 2 != 0) {
      java.util.Arrays.fill(buffer, height * row, (height + 1) * row, 0f);
    }
    if (width % 2 != 0) {
      for (int h = 0; h < height; h++) {
        java.util.Arrays.fill(buffer, h * row + width * outPitch, (h + 1) * row, 0f);
      }
    }
    java.util.Arrays.fill(sampleSums, 0f);
    int plane = groupTiles * outPitch;
    for (int t = 0; t < tilesPerSample; t++) {
      int at = 2 * (t / tilesW) * row + 2 * (t % tilesW) * outPitch;
      int dAt = (first + t) * outPitch;
      for (int o = 0; o < outPitch; o += L) {
        WinogradTiles.gradient(buffer, at + o, row, outPitch, d, dAt + o, plane, sampleSums, o);
      }
    }
    for (int o = 0; o < outC; o++) {
      biasParts[s * outC + o] = sampleSums[o];
    }
  }
}
