package dev.nnet.kernels;

import java.util.Arrays;

/** One convolution geometry; owns every workspace it needs (sized for maxBatch, allocated by the first call that
 *  needs each), so its methods never allocate once warm. Layout NCHW, weight [outC, inC/groups, kH, kW] (PyTorch).
 *
 * <p>Each pass is either Winograd ({@link WinogradConv}: 3×3 "same" layers with the Vector API, rule at
 * {@link ConvChoice}), direct ({@link DirectConv}, {@link DirectWeightGradient}: with the Vector API, unit
 * strides, one group), shifted ({@link ShiftedConv}, {@link ShiftedWeightGradient}: direct on shifted copies of x,
 * for one input channel), lanes ({@link LaneConv}: the batch in the vector lanes), an implicit GEMM
 * ({@link ImplicitGemm}, {@link ImplicitWeightGradient}: no column matrix; rule in {@link ImplicitChoice}) or
 * im2col + GEMM over a chunk of samples at once ({@link ColumnConv}). Not for concurrent use: one instance per
 * layer (per thread that runs it).
 *
 * <p>With {@code keepColumns}, {@link #backwardWeightFromForward} reuses what {@link #forward} kept: the batch's
 * column matrix, x in lanes, or (other algorithms) a copy of x; a training step then skips one im2col pass. It also
 * reuses dy in lanes from a {@link #backwardData} call on this object just before it (see that method).
 */
public final class Conv2d {
  /**
   * How the passes are computed: per layer by AUTO's rule, or forced (tests and benchmarks). Every algorithm but
   * GEMM needs the Vector API; {@link ConvChoice} holds AUTO's rules and refuses, with the reason, a forced algorithm
   * that does not apply to the layer (a pass it cannot compute falls back to GEMM).
   */
  enum Algorithm { AUTO, GEMM, DIRECT, WINOGRAD, IMPLICIT, LANES, SHIFTED }

  private final ConvGeometry g;
  private final int maxBatch;
  /** The im2col + GEMM passes: every pass no other algorithm computes. */
  private final ColumnConv columns;
  private final boolean keepColumns;
  /** The batch size of the columns kept by the last forward, or -1. */
  private int keptBatch = -1;
  /** The direct forward ({@link DirectConv}) where {@link #directForward}; the direct weight gradient reads it. */
  private final DirectConv direct;
  private final boolean directForward;
  /** The lanes forward and data gradient ({@link LaneConv}), and weight gradient ({@link LaneWeights}), or null. */
  private final LaneConv lanes;
  private final LaneWeights laneWeights;
  /** Whether the lanes forward keeps x in lanes for the lanes weight gradient (instead of a copy of x). */
  private final boolean keepLanes;
  /** The lanes data gradient: {@link LaneDataGradient} where {@link ConvChoice#exactLanesData}, else {@link LaneConv}
   *  on padded dy. */
  private final LaneDataGradient laneDataGradient;
  private final LaneConv lanesData;
  /** Whether forward builds the column matrix (im2col + GEMM) rather than keeping a copy of x. */
  private final boolean columnsForward;
  /** The shifted-copies forward ({@link ShiftedConv}) where {@link #shiftedForward}; its weight gradient's layout. */
  private final ShiftedConv shifted;
  private final boolean shiftedForward;
  private final ShiftedWeightGradient shiftedWeight;
  /** The direct weight gradient (needs {@link #direct}), or null. */
  private final DirectWeightGradient directWeight;
  /** The direct data gradient: a direct convolution of dy with the flipped, transposed weights; or null. */
  private final DirectConv transposed;
  private float[] flipped;
  /**
   * The dy of the last {@link #backwardData} call while the data gradient still holds it in lanes (keepColumns and
   * lanes data and weight gradients only), its offset and batch; null once any other call ran on this object.
   */
  private float[] sharedDy;
  private int sharedDyOff;
  private int sharedDyBatch;
  /** With {@link #verifySharedDy}: a copy of {@link #sharedDy} to compare with when it is reused. */
  private float[] sharedDyCopy;
  private static volatile boolean verifySharedDy;
  /** With keepColumns and a forward that builds no columns: a copy of forward's x, for the weight gradient. */
  private float[] keptX;
  /** Winograd forward and weight gradient, and data gradient; or null. */
  private final WinogradConv winograd;
  private final boolean winogradForward;
  private final boolean winogradWeight;
  private final WinogradConv winogradData;
  /** The implicit GEMM ({@link ImplicitGemm}) and which passes use it; null where none does. */
  private final ImplicitGemm implicit;
  private final boolean implicitForward;
  private final boolean implicitData;
  private final ImplicitWeightGradient implicitWeight;

  public Conv2d(int maxBatch, int inChannels, int height, int width, int outChannels, int kernelH, int kernelW,
                int strideH, int strideW, int padH, int padW, int dilationH, int dilationW, int groups) {
    this(maxBatch, inChannels, height, width, outChannels, kernelH, kernelW, strideH, strideW, padH, padW, dilationH,
        dilationW, groups, false);
  }

  /** With {@code keepColumns}: also keeps forward's column matrix for {@link #backwardWeightFromForward}. */
  public Conv2d(int maxBatch, int inChannels, int height, int width, int outChannels, int kernelH, int kernelW,
                int strideH, int strideW, int padH, int padW, int dilationH, int dilationW, int groups,
                boolean keepColumns) {
    this(maxBatch, inChannels, height, width, outChannels, kernelH, kernelW, strideH, strideW, padH, padW, dilationH,
        dilationW, groups, keepColumns, Algorithm.AUTO);
  }

  Conv2d(int maxBatch, int inChannels, int height, int width, int outChannels, int kernelH, int kernelW,
         int strideH, int strideW, int padH, int padW, int dilationH, int dilationW, int groups,
         boolean keepColumns, Algorithm algorithm) {
    Checks.positive("Conv2d", "maxBatch", maxBatch);
    this.g = new ConvGeometry(inChannels, height, width, outChannels, kernelH, kernelW, strideH, strideW,
        padH, padW, dilationH, dilationW, groups);
    this.maxBatch = maxBatch;
    this.columns = new ColumnConv(g, maxBatch, keepColumns);
    this.keepColumns = keepColumns;
    ConvChoice choice = ConvChoice.of(g, maxBatch, algorithm, keepColumns);
    this.winogradForward = choice.winogradForward();
    this.winogradWeight = choice.winogradWeight();
    this.winograd = winogradForward || winogradWeight
        ? new WinogradConv(maxBatch, inChannels, height, width, outChannels) : null;
    this.winogradData = choice.winogradData()
        ? new WinogradConv(maxBatch, outChannels, height, width, inChannels) : null;
    this.directForward = choice.directForward();
    this.direct = directForward || choice.directWeight()
        ? new DirectConv(inChannels, height, width, outChannels, kernelH, kernelW, padH, padW, dilationH, dilationW)
        : null;
    this.directWeight = choice.directWeight() ? new DirectWeightGradient(direct) : null;
    this.shiftedForward = choice.shiftedForward();
    this.shifted = shiftedForward || choice.shiftedWeight()
        ? new ShiftedConv(inChannels, height, width, outChannels, kernelH, kernelW, padH, padW, dilationH,
            dilationW)
        : null;
    this.shiftedWeight = choice.shiftedWeight() ? new ShiftedWeightGradient(shifted) : null;
    int padBackH = dilationH * (kernelH - 1) - padH;
    int padBackW = dilationW * (kernelW - 1) - padW;
    this.transposed = choice.directData()
        ? new DirectConv(outChannels, g.outHeight, g.outWidth, inChannels, kernelH, kernelW, padBackH, padBackW,
            dilationH, dilationW)
        : null;
    this.laneWeights = choice.lanesWeight() ? new LaneWeights(g, maxBatch) : null;
    this.keepLanes = keepColumns && choice.lanesForward() && laneWeights != null;
    this.lanes = choice.lanesForward() ? new LaneConv(maxBatch, inChannels, height, width, outChannels, kernelH,
        kernelW, padH, padW, keepLanes) : null;
    this.laneDataGradient = choice.lanesData() && ConvChoice.exactLanesData(g)
        ? new LaneDataGradient(maxBatch, inChannels, height, width, outChannels, kernelH, kernelW) : null;
    this.lanesData = choice.lanesData() && laneDataGradient == null ? new LaneConv(maxBatch, outChannels,
        g.outHeight, g.outWidth, inChannels, kernelH, kernelW, padBackH, padBackW, false) : null;
    ImplicitChoice implicitChoice = choice.implicit();
    this.implicitForward = implicitChoice.forward();
    this.implicitData = implicitChoice.data();
    this.implicit = implicitForward || implicitData ? new ImplicitGemm(g) : null;
    this.implicitWeight = implicitChoice.weight() ? new ImplicitWeightGradient(g, maxBatch) : null;
    this.columnsForward = !(winogradForward || directForward || shiftedForward || lanes != null
        || implicitForward);
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
    forward(n, x, xOff, weight, bias, null, 0, y, yOff, act);
  }

  /**
   * y = act(conv(x, weight) + bias + residual), rounded in that order (bias and residual may be null): a residual
   * block's add, in each algorithm's own store of y. The residual has y's shape and must not overlap y.
   */
  public void forward(int n, float[] x, int xOff, float[] weight, float[] bias, float[] residual, int residualOff,
                      float[] y, int yOff, Activation act) {
    checkBatch("Conv2d.forward", n);
    checkInput("Conv2d.forward", "x", x, xOff, n);
    checkWeight("Conv2d.forward", "weight", weight);
    if (bias != null) {
      Checks.span("Conv2d.forward", "bias", bias, 0, g.outChannels);
    }
    checkOutput("Conv2d.forward", "y", y, yOff, n);
    if (residual != null) {
      checkResidual(n, residual, residualOff, y, yOff);
    }
    if (act == null) {
      throw new KernelArgumentException("Conv2d.forward: act is null; pass Activation.NONE for no activation");
    }
    keptBatch = keepColumns ? n : -1;
    sharedDy = null;
    if (winogradForward) {
      keepInput(n, x, xOff);
      winograd.forward(n, x, xOff, weight, bias, residual, residualOff, y, yOff, act);
      return;
    }
    if (!columnsForward) {
      if (!keepLanes) {
        keepInput(n, x, xOff);
      }
      if (lanes != null) {
        // the lanes store folds bias and activation only; a residual goes in one sweep after it, as unfused
        lanes.forward(n, x, xOff, weight, bias, y, yOff, residual == null ? act : Activation.NONE);
        if (residual != null) {
          Epilogue.addResidual(y, yOff, Math.toIntExact((long) n * g.outChannels * g.outPlane), residual,
              residualOff, act);
        }
      } else if (shiftedForward) {
        shifted.forward(n, x, xOff, weight, bias, residual, residualOff, y, yOff, act);
      } else if (directForward) {
        direct.forward(n, x, xOff, weight, bias, residual, residualOff, y, yOff, act);
      } else {
        implicit.forward(n, x, xOff, weight, bias, residual, residualOff, y, yOff, act);
      }
      return;
    }
    columns.forward(n, x, xOff, weight, bias, residual, residualOff, y, yOff, act);
  }

  /**
   * dx = gradient w.r.t. the input; overwrites dx.
   *
   * <p>On an object with keepColumns, the dy it copied into lanes stays for the next call if that call is
   * {@link #backwardWeightFromForward} with the same dy array, offset and n: the caller promises that it has not
   * changed dy's contents in between. Generated trainers keep that promise: they call both on the layer's keeping
   * object with one IR value's buffer, which nothing writes while the value is live (it is read by both calls), and
   * every step calls forward on that object first, which drops what the last step left (ConvRenderers).
   */
  public void backwardData(int n, float[] dy, int dyOff, float[] weight, float[] dx, int dxOff) {
    checkBatch("Conv2d.backwardData", n);
    checkOutput("Conv2d.backwardData", "dy", dy, dyOff, n);
    checkWeight("Conv2d.backwardData", "weight", weight);
    checkInput("Conv2d.backwardData", "dx", dx, dxOff, n);
    sharedDy = null;
    if (winogradData != null) {
      flipWeights(weight);
      winogradData.forward(n, dy, dyOff, flipped, null, dx, dxOff, Activation.NONE);
      return;
    }
    if (implicitData) {
      implicit.backwardData(n, dy, dyOff, weight, dx, dxOff);
      return;
    }
    if (laneDataGradient != null) {
      laneDataGradient.run(n, dy, dyOff, weight, dx, dxOff);
      if (keepColumns && laneWeights != null) {
        shareDy(n, dy, dyOff);
      }
      return;
    }
    if (lanesData != null) {
      flipWeights(weight);
      lanesData.forward(n, dy, dyOff, flipped, null, dx, dxOff, Activation.NONE);
      return;
    }
    if (transposed != null) {
      flipWeights(weight);
      transposed.forward(n, dy, dyOff, flipped, null, dx, dxOff, Activation.NONE);
      return;
    }
    columns.backwardData(n, dy, dyOff, weight, dx, dxOff);
  }

  /** dWeight (and dBias when non-null) from x and dy; accumulate ? adds : overwrites. */
  public void backwardWeight(int n, float[] x, int xOff, float[] dy, int dyOff, float[] dWeight, float[] dBias,
                             boolean accumulate) {
    checkBatch("Conv2d.backwardWeight", n);
    checkInput("Conv2d.backwardWeight", "x", x, xOff, n);
    sharedDy = null;
    weightGradient("Conv2d.backwardWeight", n, x, xOff, null, null, dy, dyOff, dWeight, dBias, accumulate);
  }

  /**
   * {@link #backwardWeight} for the x of the last {@link #forward} call, from the column matrix that call kept
   * (needs {@code keepColumns}, and n equal to that call's). Valid until the next forward on this object.
   */
  public void backwardWeightFromForward(int n, float[] dy, int dyOff, float[] dWeight, float[] dBias,
                                        boolean accumulate) {
    String kernel = "Conv2d.backwardWeightFromForward";
    checkBatch(kernel, n);
    if (!keepColumns) {
      throw new KernelArgumentException(kernel + ": this object keeps no column matrix; construct it with "
          + "keepColumns = true, or call backwardWeight with x");
    }
    if (keptBatch != n) {
      throw new KernelArgumentException(kernel + ": n = " + n + " but the kept column matrix is "
          + (keptBatch < 0 ? "missing (no forward call yet)" : "for n = " + keptBatch)
          + "; call forward on the same batch first");
    }
    float[] dyLanes = null;
    if (sharedDy == dy && sharedDyOff == dyOff && sharedDyBatch == n) {
      checkSharedDy(kernel, n, dy, dyOff);
      dyLanes = laneDataGradient.dyLanes();
    }
    sharedDy = null;
    weightGradient(kernel, n, columnsForward ? null : keptX, 0, keepLanes ? lanes.lanes() : null, dyLanes, dy, dyOff,
        dWeight, dBias, accumulate);
  }

  /**
   * For tests: whether {@link #backwardData} also copies the dy it leaves in lanes, and the weight gradient that
   * reuses them checks that dy has not changed since, throwing if it has (the promise in backwardData's comment).
   */
  public static void verifySharedDy(boolean on) {
    verifySharedDy = on;
  }

  private void shareDy(int n, float[] dy, int dyOff) {
    sharedDy = dy;
    sharedDyOff = dyOff;
    sharedDyBatch = n;
    if (verifySharedDy) {
      sharedDyCopy = Arrays.copyOfRange(dy, dyOff, dyOff + n * g.outChannels * g.outPlane);
    }
  }

  private void checkSharedDy(String kernel, int n, float[] dy, int dyOff) {
    if (verifySharedDy && !Arrays.equals(sharedDyCopy, 0, sharedDyCopy.length, dy, dyOff,
        dyOff + n * g.outChannels * g.outPlane)) {
      throw new KernelArgumentException(kernel + ": dy changed after backwardData read it, but the weight gradient "
          + "was about to reuse backwardData's copy; call backwardData after the last change to dy");
    }
  }

  /** With keepColumns, a forward that builds no columns (Winograd, direct, lanes, implicit) keeps a copy of x. */
  private void keepInput(int n, float[] x, int xOff) {
    if (keepColumns) {
      if (keptX == null) {
        keptX = new float[Math.toIntExact((long) maxBatch * g.inChannels * g.inPlane)];
      }
      System.arraycopy(x, xOff, keptX, 0, n * g.inChannels * g.inPlane);
    }
  }

  /** The data gradient's weights as a convolution's ({@link ConvGeometry#flip}). */
  private void flipWeights(float[] weight) {
    if (flipped == null) {
      flipped = new float[Math.toIntExact(g.weightSize())];
    }
    g.flip(weight, flipped);
  }

  /**
   * The weight gradient, building each chunk's columns from x, or (x == null) using the kept ones; xLanes: x as the
   * lanes forward kept it, or null; dyLanes: dy as the lanes data gradient left it, or null.
   */
  private void weightGradient(String kernel, int n, float[] x, int xOff, float[] xLanes, float[] dyLanes, float[] dy,
                              int dyOff, float[] dWeight, float[] dBias, boolean accumulate) {
    checkOutput(kernel, "dy", dy, dyOff, n);
    checkWeight(kernel, "dWeight", dWeight);
    if (dBias != null) {
      Checks.span(kernel, "dBias", dBias, 0, g.outChannels);
    }
    if (laneWeights != null) {
      laneWeights.run(n, xLanes, x, xOff, dyLanes, dy, dyOff, dWeight, dBias, accumulate);
      return;
    }
    if (winogradWeight) {
      winograd.weightGradient(n, x, xOff, dy, dyOff, dWeight, dBias, accumulate);
      return;
    }
    if (shiftedWeight != null) {
      shiftedWeight.run(n, x, xOff, dy, dyOff, dWeight, dBias, accumulate);
      return;
    }
    if (directWeight != null) {
      directWeight.run(n, x, xOff, dy, dyOff, dWeight, dBias, accumulate);
      return;
    }
    if (implicitWeight != null && x != null) {
      implicitWeight.run(n, x, xOff, dy, dyOff, dWeight, dBias, accumulate);
      return;
    }
    columns.weightGradient(n, x, xOff, dy, dyOff, dWeight, dBias, accumulate);
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

  private void checkResidual(int n, float[] residual, int residualOff, float[] y, int yOff) {
    checkOutput("Conv2d.forward", "residual", residual, residualOff, n);
    Checks.disjoint("Conv2d.forward", "residual", residual, residualOff, "y", y, yOff,
        (long) n * g.outChannels * g.outPlane);
  }

  private void checkWeight(String kernel, String name, float[] a) {
    Checks.span(kernel, name, a, 0, g.weightSize());
  }
}
