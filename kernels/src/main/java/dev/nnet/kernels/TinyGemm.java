package dev.nnet.kernels;

/**
 * GEMM for products below the blocked path's size with B not transposed and beta 0 (a linear layer's input and
 * weight gradients at a classifier's last layer: 64×64×10, 10×64×64), where {@link DirectGemm} runs scalar chains.
 * Vectors run along the columns of C, rows of op(B) are read in place and elements of op(A) broadcast; nothing is
 * packed, so the call needs no workspace, takes no lock and runs on the calling thread like DirectGemm.
 *
 * <p>Each element is one sequential chain of fused multiply-adds in increasing p from zero, written into C, then
 * finished in place ({@link Epilogue#finishInPlace}, rounded as storeRow rounds): DirectGemm's bits. Columns past
 * the last whole vector take DirectGemm's scalar chains. Runs only with the Vector API ({@link MicroKernel#VECTOR}).
 */
final class TinyGemm {
  private TinyGemm() {}

  /** Whether a product that would go to {@link DirectGemm} belongs here: B in place, beta 0, a vector of columns. */
  static boolean suits(boolean transB, int n, float beta) {
    return MicroKernel.VECTOR && !transB && beta == 0f && n >= TinyVectorKernel.lanes();
  }

  static void run(boolean transA, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
      float[] b, int bOff, int ldb, float[] c, int cOff, int ldc, float[] bias, int biasOff, boolean biasPerRow,
      Activation act, float[] mask, int maskOff) {
    int lanes = TinyVectorKernel.lanes();
    int aRow = transA ? 1 : lda;
    int aCol = transA ? lda : 1;
    int vectorColumns = n / lanes * lanes;
    int i = 0;
    for (; i + 4 <= m; i += 4) {
      int ai = aOff + i * aRow;
      int ci = cOff + i * ldc;
      int j = 0;
      for (; j + 2 * lanes <= vectorColumns; j += 2 * lanes) {
        TinyVectorKernel.tile4x2(a, ai, aRow, aCol, b, bOff + j, ldb, k, c, ci + j, ldc);
      }
      if (j < vectorColumns) {
        TinyVectorKernel.tile4x1(a, ai, aRow, aCol, b, bOff + j, ldb, k, c, ci + j, ldc);
      }
    }
    for (; i < m; i++) {
      for (int j = 0; j < vectorColumns; j += lanes) {
        TinyVectorKernel.tile1x1(a, aOff + i * aRow, aCol, b, bOff + j, ldb, k, c, cOff + i * ldc + j);
      }
    }
    for (int r = 0; r < m; r++) {
      int ci = cOff + r * ldc;
      for (int j = vectorColumns; j < n; j++) { // the columns past the last whole vector
        float s = 0f;
        for (int p = 0, ap = aOff + r * aRow, bp = bOff + j; p < k; p++, ap += aCol, bp += ldb) {
          s = Math.fma(a[ap], b[bp], s);
        }
        c[ci + j] = s;
      }
      Epilogue.finishInPlace(alpha, c, ci, n, bias, biasOff + (biasPerRow ? r : 0), biasPerRow, act);
      if (mask != null) {
        Epilogue.reluMaskRow(c, ci, n, mask, maskOff + r * ldc);
      }
    }
  }
}
