package dev.nnet.kernels;

/**
 * GEMM without packing, for products too small (or too narrow, n below a vector) to pay for the blocked path.
 * Each element is the same sequential chain of fused multiply-adds over p as in {@link MicroKernel}, so both paths
 * give identical bits; eight columns are computed together so eight independent chains hide the FMA latency. A ReLU
 * mask ({@link Gemm#sgemmReluMasked}) is applied to each element as it is stored.
 */
final class DirectGemm {
  private DirectGemm() {}

  static void run(boolean transA, boolean transB, int m, int n, int k, float alpha,
      float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc,
      float[] bias, int biasOff, boolean biasPerRow, Activation act) {
    run(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, bias, biasOff, biasPerRow,
        act, null, 0);
  }

  static void run(boolean transA, boolean transB, int m, int n, int k, float alpha,
      float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc,
      float[] bias, int biasOff, boolean biasPerRow, Activation act, float[] mask, int maskOff) {
    // Element (i, p) of op(A) is a[aOff + i*aRow + p*aCol]; element (p, j) of op(B) is b[bOff + p*bRow + j*bCol].
    int aRow = transA ? 1 : lda;
    int aCol = transA ? lda : 1;
    int bRow = transB ? 1 : ldb;
    int bCol = transB ? ldb : 1;
    for (int i = 0; i < m; i++) {
      int ai = aOff + i * aRow;
      int ci = cOff + i * ldc;
      int j = 0;
      for (; j + 8 <= n; j += 8) {
        float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f, s4 = 0f, s5 = 0f, s6 = 0f, s7 = 0f;
        int bj = bOff + j * bCol;
        for (int p = 0; p < k; p++) {
          float x = a[ai + p * aCol];
          int bp = bj + p * bRow;
          s0 = Math.fma(x, b[bp], s0);
          s1 = Math.fma(x, b[bp + bCol], s1);
          s2 = Math.fma(x, b[bp + 2 * bCol], s2);
          s3 = Math.fma(x, b[bp + 3 * bCol], s3);
          s4 = Math.fma(x, b[bp + 4 * bCol], s4);
          s5 = Math.fma(x, b[bp + 5 * bCol], s5);
          s6 = Math.fma(x, b[bp + 6 * bCol], s6);
          s7 = Math.fma(x, b[bp + 7 * bCol], s7);
        }
        store(s0, i, j, alpha, beta, c, ci, bias, biasOff, biasPerRow, act);
        store(s1, i, j + 1, alpha, beta, c, ci, bias, biasOff, biasPerRow, act);
        store(s2, i, j + 2, alpha, beta, c, ci, bias, biasOff, biasPerRow, act);
        store(s3, i, j + 3, alpha, beta, c, ci, bias, biasOff, biasPerRow, act);
        store(s4, i, j + 4, alpha, beta, c, ci, bias, biasOff, biasPerRow, act);
        store(s5, i, j + 5, alpha, beta, c, ci, bias, biasOff, biasPerRow, act);
        store(s6, i, j + 6, alpha, beta, c, ci, bias, biasOff, biasPerRow, act);
        store(s7, i, j + 7, alpha, beta, c, ci, bias, biasOff, biasPerRow, act);
        if (mask != null) {
          Epilogue.reluMaskRow(c, ci + j, 8, mask, maskOff + i * ldc + j);
        }
      }
      for (; j < n; j++) {
        float s = 0f;
        int bj = bOff + j * bCol;
        for (int p = 0; p < k; p++) {
          s = Math.fma(a[ai + p * aCol], b[bj + p * bRow], s);
        }
        store(s, i, j, alpha, beta, c, ci, bias, biasOff, biasPerRow, act);
        if (mask != null) {
          c[ci + j] = Epilogue.reluMask(c[ci + j], mask[maskOff + i * ldc + j]);
        }
      }
    }
  }

  private static void store(float sum, int i, int j, float alpha, float beta, float[] c, int ci,
      float[] bias, int biasOff, boolean biasPerRow, Activation act) {
    c[ci + j] = Epilogue.value(sum, alpha, beta, c[ci + j], bias, biasOff + (biasPerRow ? i : j), act);
  }
}
