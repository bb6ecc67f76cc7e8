package dev.nnet.kernels;

/**
 * Which algorithm each pass of a {@link Conv2d} runs: forced, or by AUTO's rules, measured per layer and pass
 * (tools/bench/PROFILE.md). A pass none of these take runs as im2col + GEMM.
 *
 * @param winogradForward {@link WinogradConv} forward
 * @param winogradWeight  Winograd weight gradient (with keepColumns, the same as the forward)
 * @param winogradData    Winograd data gradient
 * @param directForward   {@link DirectConv} forward
 * @param directWeight    {@link DirectWeightGradient}
 * @param directData      the transposed direct convolution as data gradient
 * @param lanesForward    {@link LaneConv} forward
 * @param lanesData       the transposed lanes convolution as data gradient
 * @param lanesWeight     {@link LaneWeights}
 * @param implicit        the implicit GEMM's passes, given the others
 * @param shiftedForward  {@link ShiftedConv} forward (in place of the direct or implicit one)
 * @param shiftedWeight   {@link ShiftedWeightGradient} (in place of the direct or implicit one)
 */
record ConvChoice(boolean winogradForward, boolean winogradWeight, boolean winogradData, boolean directForward,
    boolean directWeight, boolean directData, boolean lanesForward, boolean lanesData, boolean lanesWeight,
    ImplicitChoice implicit, boolean shiftedForward, boolean shiftedWeight) {
  /**
   * AUTO's rule, measured with JMH (tools/bench/PROFILE.md): the direct forward everywhere except where im2col is
   * whole-plane runs ({@link ConvGeometry#vectorPlanes}, 3×3 "same" on planes of 64 or more) and where keepColumns
   * asks for columns that a GEMM weight gradient would then have to build (mnist-cnn's conv2 lost more in its weight
   * gradient than its forward gained, by the step profile); the direct weight gradient up to inC·kH·kW = 25 taps
   * (one input channel: beyond it the GEMM won); the direct data gradient up to outC·kH·kW = {@value
   * #DIRECT_DATA_TAPS} taps.
   */
  static final int DIRECT_WEIGHT_TAPS = 25;
  static final int DIRECT_DATA_TAPS = 500;
  /**
   * AUTO's rule for {@link ShiftedConv} and {@link ShiftedWeightGradient} (ConvMin, fastest of 100 calls, batch 64,
   * 1 thread, tools/bench/PROFILE.md, 2026-12-05 "conv1"): forward and weight gradient of layers with one input
   * channel, a kernel of {@value #SHIFTED_TAPS} taps (5×5, the only size measured) and no dilation. On mnist, lenet
   * and resnet conv1 they took the direct ones' place, 1.8–1.9× faster forward (254 against 488 µs for mnist) and
   * 1.3–1.6× in the weight gradient (275 against 414); on a 28×28 plane padded by 2 the implicit GEMM's, 2.2× and
   * 3.7× faster.
   */
  static final int SHIFTED_TAPS = 25;
  /** AUTO's rule for 3×3 "same" layers ({@link WinogradConv#applies}), per pass, measured with JMH (PROFILE.md); where
   *  {@link #LANES_OVER_WINOGRAD} applies, lanes takes the forward and data gradient. */
  static final boolean WINOGRAD_FORWARD = true;
  static final boolean WINOGRAD_DATA = true;
  static final boolean WINOGRAD_WEIGHT = true;

  /**
   * AUTO's rule for {@link LaneConv} and {@link LaneWeights} (ConvMin, fastest of 150 calls, tools/bench/PROFILE.md,
   * 2026-12-05 "lanes"): kernels of at least {@value #LANES_TAPS} taps (5×5; 3×3 "same" layers by
   * {@link #LANES_OVER_WINOGRAD}, other sizes unmeasured) and a batch of
   * at least one block. Forward and weight gradient beyond {@value #DIRECT_WEIGHT_TAPS} taps, i.e. more than one
   * input channel (they beat the direct and implicit ones on every such layer; with one input channel the direct
   * ones were as fast or faster). The data gradient on "same"-size layers and up to outC·kH·kW =
   * {@value #DIRECT_DATA_TAPS} taps: on a "valid" layer dy padded by k − 1 is mostly border, which the kernel skips
   * by kernel rows and, per 4-column tile, columns, but it still computes more than the implicit GEMM, which won at
   * resnet conv2's 800 taps; and wherever {@link #exactLanesData}, which computes no border and beat it there.
   */
  static final int LANES_TAPS = 25;

  /**
   * Whether the lanes data gradient runs {@link LaneDataGradient} (exact taps) rather than {@link LaneConv} on dy
   * padded by k − 1: "valid" layers whose dy rows are whole 4-column tiles (which LaneDataGradient needs) and whose
   * dx has at least 4 channels (its 4-channel tile). ConvMin, fastest of 60 calls, two alternated runs, AUTO's data
   * gradient (PROFILE.md, "lanes data gradient without the border"): mnist conv2 690 / 638 → 580 / 575 µs,
   * inception conv2 5649 / 5336 → 4336 / 4153, resnet conv2 1583 / 1567 (implicit GEMM) → 1277 / 1248. A first
   * version was slower where dx has one channel (mnist conv1: 626 → 766 µs).
   */
  static boolean exactLanesData(ConvGeometry g) {
    return g.padH == 0 && g.padW == 0 && g.outWidth % 4 == 0 && g.inChannels >= 4;
  }
  static final boolean LANES_FORWARD = true;
  static final boolean LANES_DATA = true;
  static final boolean LANES_WEIGHT = true;
  /**
   * AUTO's rule for 3×3 "same" layers ({@link WinogradConv#applies}) of more than one input channel with a batch of
   * at least one block (ConvMin, fastest of 200 interleaved calls, PROFILE.md "2026-12-05 evening"): lanes'
   * forward and data gradient instead of Winograd's (20-48% faster on mnist-resnet's and mnist-inception's 3×3
   * layers). The weight gradient stays Winograd's, from the copy of x the forward keeps with keepColumns: lanes'
   * won on some of those layers and lost on resnet's 32×4×4, and moved mnist-pool-options' Adam run (conv 8 → 16)
   * out of PyTorch parity on 3 of 9098 weights.
   */
  static final boolean LANES_OVER_WINOGRAD = true;

  /** The largest lanes buffer a layer needs: the batch's padded x or padded dy, in whole blocks, and some slack. */
  private static long lanesFloats(ConvGeometry g, int maxBatch) {
    long samples = (maxBatch + LaneLayout.L - 1L) / LaneLayout.L * LaneLayout.L;
    long x = (long) g.inChannels * (g.height + 2L * g.padH) * (g.width + 2L * g.padW);
    long dy = (long) g.outChannels * (g.outHeight + 2L * (g.kernelH - 1)) * (g.outWidth + 2L * (g.kernelW - 1));
    return samples * Math.max(x, dy) + 4L * LaneLayout.L;
  }

  static ConvChoice of(ConvGeometry g, int maxBatch, Conv2d.Algorithm algorithm, boolean keepColumns) {
    // checked here: DirectConv itself loads only with the Vector API
    boolean possible = MicroKernel.VECTOR && g.strideH == 1 && g.strideW == 1 && g.groups == 1;
    if ((algorithm == Conv2d.Algorithm.DIRECT || algorithm == Conv2d.Algorithm.SHIFTED) && !possible) {
      throw new KernelArgumentException("Conv2d: the " + (algorithm == Conv2d.Algorithm.SHIFTED ? "shifted" : "direct")
          + " algorithm needs the Vector API, unit strides and one group");
    }
    if (algorithm == Conv2d.Algorithm.SHIFTED) {
      return shifted(g, algorithm, keepColumns);
    }
    boolean lanesPossible = possible && g.dilationH == 1 && g.dilationW == 1;
    if (algorithm == Conv2d.Algorithm.LANES && !lanesPossible) {
      throw new KernelArgumentException("Conv2d: the lanes algorithm needs the Vector API, unit strides, no "
          + "dilation and one group");
    }
    long lanesFloats = lanesPossible ? lanesFloats(g, maxBatch) : 0;
    if (algorithm == Conv2d.Algorithm.LANES && lanesFloats > Integer.MAX_VALUE - 8) {
      throw new KernelArgumentException("Conv2d: " + maxBatch + " samples in lanes need " + lanesFloats
          + " floats, more than a Java array holds; use a smaller batch or image, or another algorithm");
    }
    lanesPossible &= lanesFloats <= Integer.MAX_VALUE - 8;
    int taps = g.groupRows;
    boolean winogradPossible = MicroKernel.VECTOR && WinogradConv.applies(g);
    boolean lanesBatch = algorithm == Conv2d.Algorithm.AUTO && lanesPossible && maxBatch >= LaneLayout.L;
    boolean lanesOverWinograd = LANES_OVER_WINOGRAD && lanesBatch && winogradPossible && taps > DIRECT_WEIGHT_TAPS;
    if (algorithm == Conv2d.Algorithm.WINOGRAD && !winogradPossible) {
      throw new KernelArgumentException("Conv2d: the Winograd algorithm needs the Vector API and a 3x3 kernel with "
          + "stride 1, padding 1, dilation 1 and one group");
    }
    boolean winogradAuto = algorithm == Conv2d.Algorithm.AUTO && winogradPossible;
    boolean winogradForced = algorithm == Conv2d.Algorithm.WINOGRAD;
    boolean winogradForward = winogradForced || winogradAuto && WINOGRAD_FORWARD && !lanesOverWinograd;
    // with keepColumns the weight gradient reads what forward kept, so both take the same algorithm; under a lanes
    // forward Winograd's weight gradient reads the copy of x the forward keeps
    boolean winogradWeight = keepColumns && !lanesOverWinograd ? winogradForward
        : winogradForced || winogradAuto && WINOGRAD_WEIGHT;
    boolean winogradData = winogradForced || winogradAuto && WINOGRAD_DATA && !lanesOverWinograd;
    boolean forced = algorithm == Conv2d.Algorithm.DIRECT;
    boolean auto = algorithm == Conv2d.Algorithm.AUTO && possible;
    // with keepColumns a GEMM weight gradient reads forward's columns; a direct forward would leave it an im2col
    boolean directWeightRule = taps <= DIRECT_WEIGHT_TAPS && !winogradWeight;
    boolean shiftedAuto = auto && g.inChannels == 1 && g.kernelH * g.kernelW == SHIFTED_TAPS && g.dilationH == 1
        && g.dilationW == 1;
    // shifted takes the place of a direct forward and weight gradient, and of an implicit one ("same" layers)
    boolean directForward = forced || auto && !winogradForward && !g.vectorPlanes
        && (directWeightRule || !keepColumns) || shiftedAuto;
    boolean directWeight = directForward && (forced || directWeightRule);
    boolean transposable = possible && g.dilationH * (g.kernelH - 1) - g.padH >= 0
        && g.dilationW * (g.kernelW - 1) - g.padW >= 0;
    boolean directData = transposable && !winogradData
        && (forced || auto && g.outChannels * g.kernelH * g.kernelW <= DIRECT_DATA_TAPS);
    boolean lanesAuto = lanesBatch && (g.kernelH * g.kernelW >= LANES_TAPS || lanesOverWinograd);
    boolean lanesWeight = lanesAuto && LANES_WEIGHT && taps > DIRECT_WEIGHT_TAPS && !winogradWeight;
    // with keepColumns, not where a GEMM weight gradient would then have to build the columns
    boolean weightFromX = directWeight || winogradWeight || lanesWeight
        || ImplicitChoice.of(g, algorithm, true, true, false, keepColumns).weight();
    boolean lanesForward = lanesAuto && LANES_FORWARD && taps > DIRECT_WEIGHT_TAPS && !winogradForward
        && (!keepColumns || weightFromX);
    boolean lanesData = lanesAuto && LANES_DATA && transposable && !winogradData
        && (2 * g.padH == g.kernelH - 1 && 2 * g.padW == g.kernelW - 1
            || g.outChannels * g.kernelH * g.kernelW <= DIRECT_DATA_TAPS || exactLanesData(g));
    // a pass Winograd or lanes takes counts as taken, like a direct one
    ImplicitChoice implicit = ImplicitChoice.of(g, algorithm, directForward || winogradForward || lanesForward,
        directData || winogradData || lanesData, directWeight || winogradWeight || lanesWeight, keepColumns);
    if (algorithm == Conv2d.Algorithm.LANES) {
      return new ConvChoice(false, false, false, false, false, false, true, transposable, true, implicit, false,
          false);
    }
    if (lanesData && implicit.data()) {
      implicit = new ImplicitChoice(implicit.forward(), false, implicit.weight());
    }
    if (lanesForward) {
      directForward = false;
    }
    boolean shiftedForward = directForward && shiftedAuto;
    boolean shiftedWeight = directWeight && shiftedAuto;
    return new ConvChoice(winogradForward, winogradWeight, winogradData, directForward && !shiftedForward,
        directWeight && !shiftedWeight, directData && !lanesData, lanesForward, lanesData, lanesWeight, implicit,
        shiftedForward, shiftedWeight);
  }

  /** Forced {@link ShiftedConv}: forward and weight gradient; the data gradient direct where it can be, else GEMM. */
  private static ConvChoice shifted(ConvGeometry g, Conv2d.Algorithm algorithm, boolean keepColumns) {
    boolean transposable = g.dilationH * (g.kernelH - 1) - g.padH >= 0 && g.dilationW * (g.kernelW - 1) - g.padW >= 0;
    ImplicitChoice implicit = ImplicitChoice.of(g, algorithm, true, transposable, true, keepColumns);
    return new ConvChoice(false, false, false, false, false, transposable, false, false, false, implicit, true, true);
  }
}
