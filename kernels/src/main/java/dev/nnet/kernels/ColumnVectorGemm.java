package dev.nnet.kernels;

import java.util.Arrays;

/**
 * C = A·Bᵀ for few rows of C and many columns: a linear layer's forward pass X·Wᵀ at batch 64. The blocked path
 * would transpose all of the n×k matrix B while packing it; here the vectors run down the columns of C instead
 * (16 rows of one column), so only A is packed, transposed (m·k floats, a fraction m/n of B), and B's elements are
 * broadcast from its rows in place ({@link ColumnVectorKernel}). Tiles are 4 vectors × 4 columns, then 2 × 8 and
 * 1 × 8 for the rows left over; rows are padded with zeros to whole vectors (20 rows cost 32).
 *
 * <p>Each element is one sequential chain of fused multiply-adds in increasing p from zero, then
 * {@link Epilogue#storeRow}, so the result equals the blocked and direct paths bit for bit. Threads take ranges of
 * columns; results do not depend on the thread count. Runs only with the Vector API ({@link MicroKernel#VECTOR}).
 */
final class ColumnVectorGemm extends GemmProblem {
  /** Most rows and depth: packed Aᵀ (at most 128 × 2048 floats, 1 MiB) stays in L2 while B streams past. */
  private static final int MAX_ROWS = 128;
  private static final int MAX_DEPTH = 2048;

  /** Packed Aᵀ: step p, row i at {@code at[p*rows + i]}, rows past m zero. */
  private float[] at = new float[0];
  /** The sums, column-major: column j, row i at {@code sums[j*rows + i]}. */
  private float[] sums = new float[0];
  /** m rounded up to whole vectors. */
  private int rows;
  private final float[][] rowBuffers = new float[Parallel.poolSize()][0];

  /**
   * Whether a product of this shape belongs here: A·Bᵀ with at least as many columns as rows (packing A is the
   * cheaper), and rows that fill their vectors to at least 5/8 (20 rows take two vectors).
   */
  static boolean suits(boolean transA, boolean transB, int m, int n, int k) {
    if (!MicroKernel.VECTOR || transA || !transB || m > MAX_ROWS || n < m || k > MAX_DEPTH) {
      return false;
    }
    return padded(m) * 5 <= m * 8;
  }

  private static int padded(int m) {
    int lanes = ColumnVectorKernel.lanes();
    return (m + lanes - 1) / lanes * lanes;
  }

  @Override
  void prepare() {
    rows = padded(m);
    if (at.length < rows * k) {
      at = new float[rows * k]; // grows to the largest product once, then is reused
    }
    if (sums.length < rows * n) {
      sums = new float[rows * n];
    }
    packTransposed();
  }

  /**
   * at = Aᵀ. Eight rows of A at a time, each read along p: with a power-of-two lda, the m rows' cache lines share
   * few L1 sets, and reading all 64 rows of a batch at once evicted each line before its next 15 floats were read.
   */
  private void packTransposed() {
    int i = 0;
    for (; i + 8 <= m; i += 8) {
      int s = aOff + i * lda;
      for (int p = 0, d = i; p < k; p++, d += rows, s++) {
        at[d] = a[s];
        at[d + 1] = a[s + lda];
        at[d + 2] = a[s + 2 * lda];
        at[d + 3] = a[s + 3 * lda];
        at[d + 4] = a[s + 4 * lda];
        at[d + 5] = a[s + 5 * lda];
        at[d + 6] = a[s + 6 * lda];
        at[d + 7] = a[s + 7 * lda];
      }
    }
    for (; i < m; i++) {
      for (int p = 0, d = i, s = aOff + i * lda; p < k; p++, d += rows, s++) {
        at[d] = a[s];
      }
    }
    for (int d = 0; d < rows * k && m < rows; d += rows) {
      Arrays.fill(at, d + m, d + rows, 0f);
    }
  }

  @Override
  public void run(int worker, int workers) {
    int quads = n / 4;
    int j0 = (int) ((long) quads * worker / workers) * 4;
    int j1 = worker == workers - 1 ? n : (int) ((long) quads * (worker + 1) / workers) * 4;
    if (j0 >= j1) {
      return;
    }
    int lanes = ColumnVectorKernel.lanes();
    int i = 0;
    for (; i + 4 * lanes <= rows; i += 4 * lanes) {
      int j = j0;
      for (; j + 4 <= j1; j += 4) {
        ColumnVectorKernel.tile4x4(at, rows, i, b, bOff + j * ldb, ldb, k, sums, j * rows + i);
      }
      for (; j < j1; j++) {
        ColumnVectorKernel.tile4x1(at, rows, i, b, bOff + j * ldb, ldb, k, sums, j * rows + i);
      }
    }
    for (int width = 2; width >= 1; width--) { // the remaining two vectors of rows, then one
      if (i + width * lanes > rows) {
        continue;
      }
      int j = j0;
      for (; j + 8 <= j1; j += 8) {
        if (width == 2) {
          ColumnVectorKernel.tile2x8(at, rows, i, b, bOff + j * ldb, ldb, k, sums, j * rows + i);
        } else {
          ColumnVectorKernel.tile1x8(at, rows, i, b, bOff + j * ldb, ldb, k, sums, j * rows + i);
        }
      }
      for (; j < j1; j++) {
        for (int v = 0; v < width; v++) {
          int r = i + v * lanes;
          ColumnVectorKernel.tile1x1(at, rows, r, b, bOff + j * ldb, k, sums, j * rows + r);
        }
      }
      i += width * lanes;
    }
    float[] row = rowBuffer(worker);
    for (int r = 0; r < m; r++) {
      for (int j = j0, s = j0 * rows + r; j < j1; j++, s += rows) {
        row[j - j0] = sums[s];
      }
      Epilogue.storeRow(row, alpha, beta, c, cOff + r * ldc + j0, j1 - j0, bias, biasOff + (biasPerRow ? r : j0),
          biasPerRow, act);
      maskRow(r, j0, j1 - j0);
    }
  }

  private float[] rowBuffer(int worker) {
    if (rowBuffers[worker].length < n) {
      rowBuffers[worker] = new float[n];
    }
    return rowBuffers[worker];
  }
}
