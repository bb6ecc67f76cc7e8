package dev.nnet.kernels;

/** Benchmarks in other packages build the kernels' forced variants through here, to compare them in one run. */
public final class KernelVariants {
  private KernelVariants() {}

  /** Whether GEMM runs the Vector API micro-kernel in this JVM (else the scalar fallback). */
  public static boolean vectorKernel() {
    return MicroKernel.VECTOR;
  }

  /** Square max pooling without padding; {@code vector} false keeps it to the scalar loops. */
  public static Pool2d maxPool(boolean vector, int channels, int size, int kernel, int stride, boolean ceilMode) {
    return new Pool2d(Pool2d.Kind.MAX, channels, size, size, kernel, kernel, stride, stride, 0, 0, ceilMode, true,
        vector);
  }

  /** Square average pooling with count_include_pad; {@code vector} false keeps it to the scalar loops. */
  public static Pool2d avgPool(boolean vector, int channels, int size, int kernel, int stride, int pad) {
    return new Pool2d(Pool2d.Kind.AVG, channels, size, size, kernel, kernel, stride, stride, pad, pad, false, true,
        vector);
  }

  /** A square-kernel, unit-stride convolution whose every pass uses the named algorithm (auto, gemm, lanes, ...). */
  public static Conv2d conv(String algorithm, int batch, int inC, int size, int outC, int kernel, int pad) {
    return conv(algorithm, batch, inC, size, outC, kernel, pad, false);
  }

  /** {@link #conv}, keeping what the forward's weight gradient needs (columns, or a copy of x) when asked. */
  public static Conv2d conv(String algorithm, int batch, int inC, int size, int outC, int kernel, int pad,
      boolean keepColumns) {
    return new Conv2d(batch, inC, size, size, outC, kernel, kernel, 1, 1, pad, pad, 1, 1, 1, keepColumns,
        Conv2d.Algorithm.valueOf(algorithm.toUpperCase(java.util.Locale.ROOT)));
  }
}
