package dev.nnet.kernels;

/**
 * Which passes of a {@link Conv2d} run as an implicit GEMM ({@link ImplicitGemm}, {@link ImplicitWeightGradient}).
 * Kept apart from Conv2d's direct-convolution rule so that each algorithm's choice reads in one place.
 */
record ImplicitChoice(boolean forward, boolean data, boolean weight) {
  private static final ImplicitChoice NONE = new ImplicitChoice(false, false, false);

  /**
   * Forced IMPLICIT: every pass it can run. AUTO: none yet (the rule comes from measurements; see
   * tools/bench/PROFILE.md).
   */
  static ImplicitChoice of(ConvGeometry g, Conv2d.Algorithm algorithm, boolean directForward,
      boolean directData, boolean keepColumns) {
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
    return NONE;
  }
}
