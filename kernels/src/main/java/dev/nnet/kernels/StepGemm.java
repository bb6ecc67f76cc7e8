package dev.nnet.kernels;

/**
 * The per-step products of a recurrent layer, C[m, nPad] = A[m, k]·B[k, nPad] with B packed once per call (the
 * hidden weights, zero-padded to whole vectors): h·W_hhᵀ in forward, the hidden gate gradients times W_hh in
 * backward. {@link Gemm} would pack the same 300×100 weights again at every step, and with two threads split a
 * product of a few microseconds over a barrier.
 *
 * <p>Each element is one sequential chain of fused multiply-adds in increasing p from zero, as in {@link Gemm}, so
 * the vector path, the scalar one and Gemm give the same bits. Runs on the calling thread only.
 */
final class StepGemm {
  /** Packed rows are padded to a multiple of this, a whole number of vectors of every supported width. */
  static final int PAD = 16;

  private StepGemm() {}

  static int padded(int n) {
    return (n + PAD - 1) / PAD * PAD;
  }

  static void multiply(int m, int k, float[] a, int aOff, int lda, float[] b, int nPad, float[] c) {
    if (MicroKernel.VECTOR) {
      VectorStepGemm.multiply(m, k, a, aOff, lda, b, nPad, c);
    } else {
      Gemm.sgemm(false, false, m, nPad, k, 1f, a, aOff, lda, b, 0, nPad, 0f, c, 0, nPad);
    }
  }

  /** {@code w} [rows, cols] transposed into {@code dst} [cols, ld]; columns rows..ld of dst are left as they are. */
  static void packTransposed(float[] w, int rows, int cols, float[] dst, int ld) {
    for (int j = 0; j < rows; j++) {
      for (int p = 0; p < cols; p++) {
        dst[p * ld + j] = w[j * cols + p];
      }
    }
  }

  /** {@code w} [rows, cols] into {@code dst} [rows, ld]; columns cols..ld of dst are left as they are. */
  static void packRows(float[] w, int rows, int cols, float[] dst, int ld) {
    for (int p = 0; p < rows; p++) {
      System.arraycopy(w, p * cols, dst, p * ld, cols);
    }
  }
}
