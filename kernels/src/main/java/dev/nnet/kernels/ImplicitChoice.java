package dev.nnet.kernels;

/**
 * Which passes of a {@link Conv2d} run as an implicit GEMM ({@link ImplicitGemm}, {@link ImplicitWeightGradient}).
 * Kept apart from Conv2d's direct-convolution rule so that each algorithm's choice reads in one place.
 */
record ImplicitChoice(boolean forward, boolean data, boolean weight) {
  private static final ImplicitChoice NONE = new ImplicitChoice(false, false, false);
  static final int WEIGHT_PLANE = 64;

  /**
   * Forced IMPLICIT: every pass it can run. AUTO (measured per layer and pass with ConvMin and JMH,
   * tools/bench/PROFILE.md, 2026-12-05 "implicit GEMM"), given what the direct rule already chose:
   * <ul>
   *   <li>weight gradient: where the direct one is not used (unit strides), not for 1×1 kernels (a 1×1 column
   *       matrix is x itself; the GEMM won there) and not on planes under {@value #WEIGHT_PLANE} positions (4×4:
   *       forward plus weight gradient from kept columns won, since packing four rows for every sample then costs
   *       more than the kept matrix, 16 KiB a tap row, costs to read);
   *   <li>data gradient: everywhere except where a direct data gradient is chosen on a "same"-size layer with a
   *       kernel wider than 1×1 (3×3 padding 1, 5×5 padding 2: there the transposed direct convolution does no
   *       extra work and won; without padding it computes over dy padded by k − 1, 2.25× the work on 12×12 k5);
   *   <li>forward: where the direct forward is not chosen, and with keepColumns only if the weight gradient is
   *       implicit too (else it would have to build the columns the forward skipped).
   * </ul>
   */
  static ImplicitChoice of(ConvGeometry g, Conv2d.Algorithm algorithm, boolean directForward, boolean directData,
      boolean directWeight, boolean keepColumns) {
    boolean possible = MicroKernel.VECTOR && g.groups == 1;
    if (algorithm == Conv2d.Algorithm.IMPLICIT) {
      if (!possible) {
        throw new KernelArgumentException("Conv2d: the implicit GEMM algorithm needs the Vector API and one group");
      }
      return new ImplicitChoice(true, true, ImplicitWeightGradient.suits(g));
    }
    if (algorithm != Conv2d.Algorithm.AUTO || !possible) {
      return NONE;
    }
    boolean weight = !directWeight && ImplicitWeightGradient.suits(g) && g.kernelH * g.kernelW > 1
        && g.outPlane >= WEIGHT_PLANE;
    boolean sameSize = g.inPlane == g.outPlane && g.kernelH * g.kernelW > 1;
    boolean data = !(directData && sameSize);
    boolean forward = !directForward && (!keepColumns || weight || directWeight);
    return new ImplicitChoice(forward, data, weight);
  }
}
