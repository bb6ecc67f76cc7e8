package dev.nnet.kernels;

/**
 * Winograd F(2×2, 3×3) for 3×3 convolutions with stride 1, padding 1, dilation 1 and one group ("same" output).
 * The output is cut into 2×2 tiles, each read from a 4×4 tile of the padded input; per tile and channel the 16
 * transformed elements ξ of x (V = Bᵀ d B) times those of the weights (U = G g Gᵀ), summed over input channels, are
 * one GEMM per ξ over (tile × channel) ({@link WinogradGemm}), and y = Aᵀ M A ({@link WinogradTiles}). That is 16
 * multiplications per 4 outputs instead of 36.
 *
 * <p>Passes run in phases on {@link Parallel}: transforms by sample (each sample's planes are first copied into a
 * zero-padded channel-last buffer, so the vector lanes are channels), products by (ξ, range of tiles). The weight
 * gradient is dW = Gᵀ (Σ over tiles of V ⊙ D) G with D = A dy Aᵀ, the products split by (ξ, block of output
 * channels), each summed over the tiles in order (float, added to double every {@link WinogradGemm#FOLD} tiles),
 * so every result is the same on every run and for any thread count. The data gradient is this forward applied to
 * dy with the flipped, transposed weights ({@link Conv2d}).
 *
 * <p>The transformed x of the last forward stays in {@link #v}, so the weight gradient of that x
 * ({@code x == null}) skips its input transform. Only loaded with the Vector API. Not for concurrent use; allocates
 * its workspaces on first use and never again.
 */
final class WinogradConv implements Parallel.Task {
  private static final int L = WinogradTiles.L;
  private static final int ELEMENTS = 16;
  /** Tiles per unit of a product phase (a multiple of the 8-tile kernel). */
  private static final int TILE_CHUNK = 256;
  /** Output channels per unit of the weight-gradient product ({@link WinogradGemm#gradient}'s register block). */
  private static final int OUT_BLOCK = 8;

  private enum Phase { INPUT, PRODUCT, OUTPUT, GRADIENT_TILES, GRADIENT_PRODUCT }

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
  private final int maxTiles;

  /** V[ξ][tile][c] of the last forward (or weight gradient) input, ξ planes {@code maxTiles·inPitch} apart. */
  private float[] v;
  /** M[ξ][tile][o] of the forward; D[ξ][tile][o] of the weight gradient. */
  private float[] m;
  /** U[ξ][c][o] of the weights of the last forward. */
  private float[] u;
  private float[] biasRow;
  private double[] sums;
  private double[] biasParts;
  private float[][] padded;
  private float[][] tileBuffer;
  private float[][] spill;

  private Phase phase;
  private int count;
  private float[] data;
  private int dataOff;
  private float[] out;
  private int outOff;
  private Activation act;

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
    this.maxTiles = Math.multiplyExact(maxBatch, tilesPerSample);
    Math.multiplyExact(ELEMENTS * maxTiles, Math.max(inPitch, outPitch)); // fits one array
  }

  /** Whether this algorithm computes the convolution: 3×3, unit stride and dilation, padding 1, one group. */
  static boolean applies(ConvGeometry g) {
    return g.kernelH == 3 && g.kernelW == 3 && g.strideH == 1 && g.strideW == 1 && g.padH == 1 && g.padW == 1
        && g.dilationH == 1 && g.dilationW == 1 && g.groups == 1;
  }

  private static int roundUp(int channels) {
    return (channels + L - 1) / L * L;
  }

  /** y = act(conv(x, weight) + bias); bias may be null. Keeps V of x for {@link #weightGradient}. */
  void forward(int n, float[] x, int xOff, float[] weight, float[] bias, float[] y, int yOff, Activation act) {
    allocate();
    transformWeights(weight);
    for (int o = 0; o < outC; o++) {
      biasRow[o] = bias == null ? 0f : bias[o];
    }
    this.act = act;
    run(Phase.INPUT, n, x, xOff, null, 0);
    run(Phase.PRODUCT, n, null, 0, null, 0);
    run(Phase.OUTPUT, n, null, 0, y, yOff);
    this.act = null;
  }

  /**
   * dWeight (and dBias when non-null) from x and dy; accumulate ? adds : overwrites. x == null: the x of the last
   * {@link #forward}, whose transform is still in {@link #v}.
   */
  void weightGradient(int n, float[] x, int xOff, float[] dy, int dyOff, float[] dWeight, float[] dBias,
      boolean accumulate) {
    allocate();
    if (x != null) {
      run(Phase.INPUT, n, x, xOff, null, 0);
    }
    run(Phase.GRADIENT_TILES, n, dy, dyOff, null, 0);
    run(Phase.GRADIENT_PRODUCT, n, null, 0, null, 0);
    for (int o = 0; o < outC; o++) {
      for (int c = 0; c < inC; c++) {
        storeKernelGradient(o, c, dWeight, (o * inC + c) * 9, accumulate);
      }
    }
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

  private void run(Phase phase, int n, float[] data, int dataOff, float[] out, int outOff) {
    this.phase = phase;
    this.count = n;
    this.data = data;
    this.dataOff = dataOff;
    this.out = out;
    this.outOff = outOff;
    try {
      Parallel.run(this);
    } finally {
      this.data = null;
      this.out = null;
    }
  }

  private void allocate() {
    if (v == null) {
      int workers = Parallel.poolSize();
      v = new float[ELEMENTS * maxTiles * inPitch];
      m = new float[ELEMENTS * maxTiles * outPitch];
      u = new float[ELEMENTS * inC * outPitch];
      biasRow = new float[outPitch];
      sums = new double[ELEMENTS * outC * inPitch];
      biasParts = new double[maxTiles / tilesPerSample * outC];
      padded = new float[workers][paddedSize];
      tileBuffer = new float[workers][tileSize];
      spill = new float[workers][L];
    }
  }

  @Override
  public void run(int worker, int workers) {
    int units;
    switch (phase) {
      case PRODUCT:
        units = ELEMENTS * chunks();
        break;
      case GRADIENT_PRODUCT:
        units = ELEMENTS * ((outC + OUT_BLOCK - 1) / OUT_BLOCK);
        break;
      default:
        units = count;
        break;
    }
    int u0 = (int) ((long) units * worker / workers);
    int u1 = (int) ((long) units * (worker + 1) / workers);
    for (int unit = u0; unit < u1; unit++) {
      switch (phase) {
        case INPUT:
          inputSample(padded[worker], unit);
          break;
        case PRODUCT:
          product(unit);
          break;
        case OUTPUT:
          outputSample(tileBuffer[worker], unit);
          break;
        case GRADIENT_TILES:
          gradientSample(tileBuffer[worker], unit);
          break;
        default:
          gradientProduct(unit, spill[worker]);
          break;
      }
    }
  }

  private int chunks() {
    return (count * tilesPerSample + TILE_CHUNK - 1) / TILE_CHUNK;
  }

  /** V of sample s: its planes into the padded channel-last buffer (border and extra channels stay 0), then tiles. */
  private void inputSample(float[] buffer, int s) {
    for (int c = 0; c < inC; c++) {
      int src = dataOff + (s * inC + c) * height * width;
      for (int h = 0; h < height; h++) {
        int dst = ((h + 1) * paddedCols + 1) * inPitch + c;
        for (int w = 0; w < width; w++) {
          buffer[dst + w * inPitch] = data[src + h * width + w];
        }
      }
    }
    int plane = maxTiles * inPitch;
    int row = paddedCols * inPitch;
    for (int t = 0; t < tilesPerSample; t++) {
      int at = 2 * (t / tilesW) * row + 2 * (t % tilesW) * inPitch;
      int vAt = (s * tilesPerSample + t) * inPitch;
      for (int c = 0; c < inPitch; c += L) {
        WinogradTiles.input(buffer, at + c, row, inPitch, v, vAt + c, plane);
      }
    }
  }

  private void product(int unit) {
    int chunks = chunks();
    int xi = unit / chunks;
    int t0 = unit % chunks * TILE_CHUNK;
    int t1 = Math.min(count * tilesPerSample, t0 + TILE_CHUNK);
    WinogradGemm.product(v, xi * maxTiles * inPitch, inPitch, inC, u, xi * inC * outPitch, m,
        xi * maxTiles * outPitch, outPitch, t0, t1);
  }

  /** y of sample s: each tile's Aᵀ M A + bias into the channel-last buffer, then to NCHW with the activation. */
  private void outputSample(float[] buffer, int s) {
    int plane = maxTiles * outPitch;
    int row = tileCols * outPitch;
    for (int t = 0; t < tilesPerSample; t++) {
      int at = 2 * (t / tilesW) * row + 2 * (t % tilesW) * outPitch;
      int mAt = (s * tilesPerSample + t) * outPitch;
      for (int o = 0; o < outPitch; o += L) {
        WinogradTiles.output(m, mAt + o, plane, biasRow, o, buffer, at + o, row, outPitch);
      }
    }
    for (int o = 0; o < outC; o++) {
      int dst = outOff + (s * outC + o) * height * width;
      for (int h = 0; h < height; h++) {
        int src = h * row + o;
        for (int w = 0; w < width; w++) {
          out[dst + h * width + w] = buffer[src + w * outPitch];
        }
      }
      act.applyInPlace(out, dst, height * width);
    }
  }

  /** D of sample s's dy (positions past an odd edge stay 0), and its per-channel sums for the bias gradient. */
  private void gradientSample(float[] buffer, int s) {
    int row = tileCols * outPitch;
    for (int o = 0; o < outC; o++) {
      int src = dataOff + (s * outC + o) * height * width;
      double sum = 0;
      for (int h = 0; h < height; h++) {
        int dst = h * row + o;
        for (int w = 0; w < width; w++) {
          float value = data[src + h * width + w];
          buffer[dst + w * outPitch] = value;
          sum += value;
        }
      }
      biasParts[s * outC + o] = sum;
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
    int plane = maxTiles * outPitch;
    for (int t = 0; t < tilesPerSample; t++) {
      int at = 2 * (t / tilesW) * row + 2 * (t % tilesW) * outPitch;
      int dAt = (s * tilesPerSample + t) * outPitch;
      for (int o = 0; o < outPitch; o += L) {
        WinogradTiles.gradient(buffer, at + o, row, outPitch, m, dAt + o, plane);
      }
    }
  }

  private void gradientProduct(int unit, float[] spill) {
    int blocks = (outC + OUT_BLOCK - 1) / OUT_BLOCK;
    int xi = unit / blocks;
    int o0 = unit % blocks * OUT_BLOCK;
    WinogradGemm.gradient(m, xi * maxTiles * outPitch, outPitch, o0, Math.min(OUT_BLOCK, outC - o0), v,
        xi * maxTiles * inPitch, inPitch, count * tilesPerSample, sums, xi * outC * inPitch, spill);
  }

  /** U[ξ][c][o] = (G g Gᵀ)[ξ] for every kernel g = weight[o][c], in double, rounded once. */
  private void transformWeights(float[] weight) {
    int plane = inC * outPitch;
    for (int o = 0; o < outC; o++) {
      for (int c = 0; c < inC; c++) {
        int g = (o * inC + c) * 9;
        int at = c * outPitch + o;
        for (int a = 0; a < 4; a++) {
          // row a of G g: G's row a applied to each column j of g
          double r0 = weightRow(a, weight[g], weight[g + 3], weight[g + 6]);
          double r1 = weightRow(a, weight[g + 1], weight[g + 4], weight[g + 7]);
          double r2 = weightRow(a, weight[g + 2], weight[g + 5], weight[g + 8]);
          for (int b = 0; b < 4; b++) {
            u[(4 * a + b) * plane + at] = (float) weightRow(b, r0, r1, r2);
          }
        }
      }
    }
  }

  /** Row a of G = [1 0 0; ½ ½ ½; ½ −½ ½; 0 0 1] times (g0, g1, g2). */
  private static double weightRow(int a, double g0, double g1, double g2) {
    switch (a) {
      case 0:
        return g0;
      case 1:
        return 0.5 * (g0 + g1 + g2);
      case 2:
        return 0.5 * (g0 - g1 + g2);
      default:
        return g2;
    }
  }

  /** Row i of Gᵀ times (x0, x1, x2, x3). */
  private static double gradientRow(int i, double x0, double x1, double x2, double x3) {
    switch (i) {
      case 0:
        return x0 + 0.5 * (x1 + x2);
      case 1:
        return 0.5 * (x1 - x2);
      default:
        return 0.5 * (x1 + x2) + x3;
    }
  }

  /** dW[o][c] = Gᵀ S G for the 4×4 sums S of kernel (o, c), into the 3×3 kernel at dWeight[at]. */
  private void storeKernelGradient(int o, int c, float[] dWeight, int at, boolean accumulate) {
    int plane = outC * inPitch;
    int s = o * inPitch + c;
    for (int i = 0; i < 3; i++) {
      // row i of Gᵀ S, one column b at a time
      double r0 = gradientRow(i, sums[s], sums[s + 4 * plane], sums[s + 8 * plane], sums[s + 12 * plane]);
      double r1 = gradientRow(i, sums[s + plane], sums[s + 5 * plane], sums[s + 9 * plane], sums[s + 13 * plane]);
      double r2 = gradientRow(i, sums[s + 2 * plane], sums[s + 6 * plane], sums[s + 10 * plane],
          sums[s + 14 * plane]);
      double r3 = gradientRow(i, sums[s + 3 * plane], sums[s + 7 * plane], sums[s + 11 * plane],
          sums[s + 15 * plane]);
      for (int j = 0; j < 3; j++) {
        double value = gradientRow(j, r0, r1, r2, r3);
        int k = at + 3 * i + j;
        dWeight[k] = (float) (accumulate ? dWeight[k] + value : value);
      }
    }
  }
}
