package dev.nnet.kernels;

import java.util.Arrays;

/** One convolution geometry; owns every workspace it needs (allocated in the constructor for maxBatch and the
 *  thread count), so its methods never allocate. Layout NCHW, weight [outC, inC/groups, kH, kW] (PyTorch).
 *
 * <p>All three passes are im2col + GEMM over a chunk of samples at once: the column matrix of the chunk has one
 * column per (sample, output position), so each GEMM's n is samples × outH × outW rather than one image's worth.
 * The chunk is the whole batch unless its column matrix would exceed {@link #COLUMN_LIMIT} floats. Copies between
 * NCHW and the chunk layout, im2col and col2im run on {@link Parallel} with work split by plane; every output
 * element is written by one thread in a fixed order, so results are reproducible. Not for concurrent use: one
 * instance per layer (per thread that runs it).
 */
public final class Conv2d {
  /** Largest column matrix (floats) a chunk may need; bounds the workspace at 4 MiB. */
  static final int COLUMN_LIMIT = 1 << 20;

  private final ConvGeometry g;
  private final int maxBatch;
  private final int chunk;
  private final float[] col;
  private final float[] rows;
  private final double[] biasSums;
  private final ConvPhase phase;

  public Conv2d(int maxBatch, int inChannels, int height, int width, int outChannels, int kernelH, int kernelW,
                int strideH, int strideW, int padH, int padW, int dilationH, int dilationW, int groups) {
    Checks.positive("Conv2d", "maxBatch", maxBatch);
    this.g = new ConvGeometry(inChannels, height, width, outChannels, kernelH, kernelW, strideH, strideW,
        padH, padW, dilationH, dilationW, groups);
    this.maxBatch = maxBatch;
    long colPerSample = (long) inChannels * kernelH * kernelW * g.outPlane;
    long rowsPerSample = (long) outChannels * g.outPlane;
    long widest = Math.max(colPerSample, rowsPerSample);
    if (widest > Integer.MAX_VALUE - 8) {
      throw new KernelArgumentException("Conv2d: one sample's column matrix needs " + widest
          + " floats, more than a Java array holds; split the layer or use a smaller image");
    }
    int fit = (int) Math.max(1, Math.min(maxBatch, COLUMN_LIMIT / colPerSample));
    int pieces = (maxBatch + fit - 1) / fit;
    this.chunk = (maxBatch + pieces - 1) / pieces; // equal pieces rather than a full chunk and a sliver
    this.col = new float[Math.toIntExact(colPerSample * chunk)];
    this.rows = new float[Math.toIntExact(rowsPerSample * chunk)];
    this.biasSums = new double[outChannels];
    this.phase = new ConvPhase(g);
  }

  /** Output height: (height + 2·padH − dilationH·(kernelH − 1) − 1) / strideH + 1. */
  public int outHeight() {
    return g.outHeight;
  }

  /** Output width: (width + 2·padW − dilationW·(kernelW − 1) − 1) / strideW + 1. */
  public int outWidth() {
    return g.outWidth;
  }

  /** y = conv(x, weight) + bias (bias may be null), then act. */
  public void forward(int n, float[] x, int xOff, float[] weight, float[] bias, float[] y, int yOff, Activation act) {
    checkBatch("Conv2d.forward", n);
    checkInput("Conv2d.forward", "x", x, xOff, n);
    checkWeight("Conv2d.forward", "weight", weight);
    if (bias != null) {
      Checks.span("Conv2d.forward", "bias", bias, 0, g.outChannels);
    }
    checkOutput("Conv2d.forward", "y", y, yOff, n);
    if (act == null) {
      throw new KernelArgumentException("Conv2d.forward: act is null; pass Activation.NONE for no activation");
    }
    int ocg = g.groupOutChannels;
    int kg = g.groupRows;
    for (int s0 = 0; s0 < n; s0 += chunk) {
      int cs = Math.min(chunk, n - s0);
      int ld = cs * g.outPlane;
      phase.run(ConvPhase.Kind.IM2COL, s0, cs, x, xOff, col, ld);
      for (int gr = 0; gr < g.groups; gr++) {
        Gemm.sgemm(false, false, ocg, ld, kg, 1f, weight, gr * ocg * kg, kg, col, gr * kg * ld, ld,
            0f, rows, gr * ocg * ld, ld, bias, gr * ocg, true, act);
      }
      phase.run(ConvPhase.Kind.ROWS_TO_NCHW, s0, cs, y, yOff, rows, ld);
    }
  }

  /** dx = gradient w.r.t. the input; overwrites dx. */
  public void backwardData(int n, float[] dy, int dyOff, float[] weight, float[] dx, int dxOff) {
    checkBatch("Conv2d.backwardData", n);
    checkOutput("Conv2d.backwardData", "dy", dy, dyOff, n);
    checkWeight("Conv2d.backwardData", "weight", weight);
    checkInput("Conv2d.backwardData", "dx", dx, dxOff, n);
    int ocg = g.groupOutChannels;
    int kg = g.groupRows;
    for (int s0 = 0; s0 < n; s0 += chunk) {
      int cs = Math.min(chunk, n - s0);
      int ld = cs * g.outPlane;
      phase.run(ConvPhase.Kind.NCHW_TO_ROWS, s0, cs, dy, dyOff, rows, ld);
      for (int gr = 0; gr < g.groups; gr++) {
        Gemm.sgemm(true, false, kg, ld, ocg, 1f, weight, gr * ocg * kg, kg, rows, gr * ocg * ld, ld,
            0f, col, gr * kg * ld, ld);
      }
      phase.run(ConvPhase.Kind.COL2IM, s0, cs, dx, dxOff, col, ld);
    }
  }

  /** dWeight (and dBias when non-null) from x and dy; accumulate ? adds : overwrites. */
  public void backwardWeight(int n, float[] x, int xOff, float[] dy, int dyOff, float[] dWeight, float[] dBias,
                             boolean accumulate) {
    checkBatch("Conv2d.backwardWeight", n);
    checkInput("Conv2d.backwardWeight", "x", x, xOff, n);
    checkOutput("Conv2d.backwardWeight", "dy", dy, dyOff, n);
    checkWeight("Conv2d.backwardWeight", "dWeight", dWeight);
    if (dBias != null) {
      Checks.span("Conv2d.backwardWeight", "dBias", dBias, 0, g.outChannels);
    }
    if (n == 0 && !accumulate) {
      Arrays.fill(dWeight, 0, (int) g.weightSize(), 0f);
    }
    Arrays.fill(biasSums, 0.0);
    int ocg = g.groupOutChannels;
    int kg = g.groupRows;
    for (int s0 = 0; s0 < n; s0 += chunk) {
      int cs = Math.min(chunk, n - s0);
      int ld = cs * g.outPlane;
      phase.run(ConvPhase.Kind.IM2COL, s0, cs, x, xOff, col, ld);
      phase.runSums(s0, cs, dy, dyOff, rows, ld, dBias == null ? null : biasSums);
      float beta = s0 == 0 && !accumulate ? 0f : 1f;
      for (int gr = 0; gr < g.groups; gr++) {
        Gemm.sgemm(false, true, ocg, kg, ld, 1f, rows, gr * ocg * ld, ld, col, gr * kg * ld, ld,
            beta, dWeight, gr * ocg * kg, kg);
      }
    }
    if (dBias != null) {
      for (int oc = 0; oc < g.outChannels; oc++) {
        dBias[oc] = (float) (accumulate ? dBias[oc] + biasSums[oc] : biasSums[oc]);
      }
    }
  }

  // Kernel and argument names are literals, so checking builds no strings unless a check fails.
  private void checkBatch(String kernel, int n) {
    Checks.batch(kernel, n, maxBatch);
  }

  private void checkInput(String kernel, String name, float[] a, int off, int n) {
    Checks.span(kernel, name, a, off, (long) n * g.inChannels * g.inPlane);
  }

  private void checkOutput(String kernel, String name, float[] a, int off, int n) {
    Checks.span(kernel, name, a, off, (long) n * g.outChannels * g.outPlane);
  }

  private void checkWeight(String kernel, String name, float[] a) {
    Checks.span(kernel, name, a, 0, g.weightSize());
  }
}
