package dev.nnet.kernels;

/**
 * GEMM for C narrower than a vector (n < 16: a classifier's last layer, X·Wᵀ with 10 columns), where the other
 * paths fall back to scalar chains. op(B) is packed into one vector per step of k (k × 16 floats, zero-padded),
 * the elements of op(A) are broadcast from A in place, and a tile is eight rows × every column
 * ({@link NarrowVectorKernel}); 10 of 16 lanes do useful work, against none on the scalar paths.
 *
 * <p>Each element is one sequential chain of fused multiply-adds in increasing p from zero, then
 * {@link Epilogue#storeRow}: the bits of the other paths. Threads take ranges of eight rows, so the thread count
 * does not change a result. Runs only with the Vector API ({@link MicroKernel#VECTOR}).
 */
final class NarrowVectorGemm extends GemmProblem {
  private static final int TILE_ROWS = 8;

  /** Packed op(B): step p, column j at {@code bt[p*lanes + j]}; columns from n on are zero. */
  private float[] bt = new float[0];
  private final float[][] sums = new float[Parallel.poolSize()][0];

  /** Whether a product of this shape belongs here: fewer columns than a vector, at least a tile of rows. */
  static boolean suits(int m, int n) {
    return MicroKernel.VECTOR && n < NarrowVectorKernel.lanes() && m >= TILE_ROWS;
  }

  @Override
  void prepare() {
    int lanes = NarrowVectorKernel.lanes();
    if (bt.length < k * lanes) {
      bt = new float[k * lanes]; // grows to the largest product once, then is reused
    }
    for (int p = 0, d = 0; p < k; p++, d += lanes) {
      for (int j = 0; j < n; j++) {
        bt[d + j] = transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
      }
      java.util.Arrays.fill(bt, d + n, d + lanes, 0f);
    }
  }

  @Override
  public void run(int worker, int workers) {
    int tiles = (m + TILE_ROWS - 1) / TILE_ROWS;
    int i0 = (int) ((long) tiles * worker / workers) * TILE_ROWS;
    int i1 = Math.min(m, (int) ((long) tiles * (worker + 1) / workers) * TILE_ROWS);
    int lanes = NarrowVectorKernel.lanes();
    if (sums[worker].length < TILE_ROWS * lanes) {
      sums[worker] = new float[TILE_ROWS * lanes];
    }
    float[] tile = sums[worker];
    int aRow = transA ? 1 : lda;
    int aCol = transA ? lda : 1;
    for (int i = i0; i < i1; i += TILE_ROWS) {
      int rows = Math.min(TILE_ROWS, i1 - i);
      if (rows == TILE_ROWS) {
        NarrowVectorKernel.tile8(a, aOff + i * aRow, aRow, aCol, bt, k, tile, 0);
      } else {
        for (int r = 0; r < rows; r++) {
          NarrowVectorKernel.tile1(a, aOff + (i + r) * aRow, aCol, bt, k, tile, r * lanes);
        }
      }
      for (int r = 0; r < rows; r++) {
        Epilogue.storeRow(tile, r * lanes, alpha, beta, c, cOff + (i + r) * ldc, n, bias,
            biasOff + (biasPerRow ? i + r : 0), biasPerRow, act);
        maskRow(i + r, 0, n);
      }
    }
  }
}
