package dev.nnet.kernels;

/**
 * GEMM for C = A·Bᵀ (A m×k, B n×k, both contiguous along k) when k is long next to C: the weight gradient of a
 * convolution, dW = dY·colᵀ with k = samples × output positions. The blocked kernel would transpose B while packing
 * it; here both operands are read in place along k instead.
 *
 * <p>Every element is defined by {@link #LANES} running sums: lane t adds a[i][p]·b[j][p] for every p ≡ t
 * (mod {@link #LANES}) below k rounded down to a multiple of {@link #LANES}, one fused multiply-add at a time in
 * increasing p; then the lanes are added in double (four interleaved sums, then (s0 + s1) + (s2 + s3)), then the
 * remaining products, exactly, in double. Each thread finishes its own elements, and the thread count does not
 * change that definition. It needs the Vector API with 16-lane vectors ({@link #AVAILABLE}); without it these
 * products go to {@link DotGemm} (tiny C) or the blocked path as before: plain Java cannot run 16 interleaved
 * chains fast (a scalar version measured 3–4× slower end to end).
 *
 * <p>Work is tiles of 4 rows of A × 4 rows of B; threads take contiguous ranges of 4-blocks of the dimension with
 * more of them. Depth runs in blocks short enough that A's block stays in cache while every tile of B streams past
 * it; a pair's running sums wait in {@code lanes} between depth blocks.
 */
final class VectorDotGemm extends GemmProblem {
  static final int LANES = 16;
  /** Largest m·n: the running sums of every pair are kept, 64 bytes each. */
  static final int MAX_PAIRS = 1 << 16;
  private static final int MIN_DEPTH = 1024;
  private static final int TILE = 4;
  /** Floats of A per depth block (128 KiB): stays in L2 while B's rows pass once. */
  private static final int A_BLOCK = 1 << 15;
  /** Whether this path runs at all: the Vector API is on and its preferred vector has {@link #LANES} floats. */
  static final boolean AVAILABLE = MicroKernel.VECTOR && VectorDotKernel.fits(LANES);

  private float[] lanes = new float[0];

  /** Whether a product of this shape belongs here. */
  static boolean suits(boolean transA, boolean transB, int m, int n, int k) {
    return AVAILABLE && !transA && transB && k >= MIN_DEPTH && (long) m * n <= MAX_PAIRS;
  }

  @Override
  void prepare() {
    if (lanes.length < m * n * LANES) {
      lanes = new float[m * n * LANES]; // grows to the largest product once, then is reused
    }
  }

  @Override
  public void run(int worker, int workers) {
    int iBlocks = (m + TILE - 1) / TILE;
    int jBlocks = (n + TILE - 1) / TILE;
    boolean byRows = iBlocks > jBlocks;
    int blocks = byRows ? iBlocks : jBlocks;
    int first = (int) ((long) blocks * worker / workers) * TILE;
    int last = (int) ((long) blocks * (worker + 1) / workers) * TILE;
    int i0 = byRows ? first : 0;
    int i1 = byRows ? Math.min(m, last) : m;
    int j0 = byRows ? 0 : first;
    int j1 = byRows ? n : Math.min(n, last);
    if (i0 >= i1 || j0 >= j1) {
      return;
    }
    int whole = k - k % LANES;
    int depth = Math.max(16 * LANES, A_BLOCK / Math.max(1, i1 - i0) / LANES * LANES);
    for (int p0 = 0; p0 < whole; p0 += depth) {
      int len = Math.min(depth, whole - p0);
      for (int j = j0; j < j1; j += TILE) {
        int nj = Math.min(TILE, j1 - j);
        for (int i = i0; i < i1; i += TILE) {
          tile(i, Math.min(TILE, i1 - i), j, nj, p0, len, p0 == 0);
        }
      }
    }
    for (int i = i0; i < i1; i++) {
      for (int j = j0; j < j1; j++) {
        store(i, j, whole);
      }
    }
  }

  /** C[i][j] from the pair's lanes (four interleaved double sums, then their pairs) and its last products. */
  private void store(int i, int j, int whole) {
    double s = 0;
    if (whole > 0) {
      int l = (i * n + j) * LANES;
      double s0 = 0;
      double s1 = 0;
      double s2 = 0;
      double s3 = 0;
      for (int t = 0; t < LANES; t += 4) {
        s0 += lanes[l + t];
        s1 += lanes[l + t + 1];
        s2 += lanes[l + t + 2];
        s3 += lanes[l + t + 3];
      }
      s = (s0 + s1) + (s2 + s3);
    }
    for (int p = whole; p < k; p++) {
      s += (double) a[aOff + i * lda + p] * b[bOff + j * ldb + p];
    }
    int at = cOff + i * ldc + j;
    c[at] = Epilogue.value((float) s, alpha, beta, c[at], bias, biasOff + (biasPerRow ? i : j), act);
    if (mask != null) {
      c[at] = Epilogue.reluMask(c[at], mask[maskOff + i * ldc + j]);
    }
  }

  /** Running sums of the ni × nj pairs from (i, j) over depth [p0, p0 + len). */
  private void tile(int i, int ni, int j, int nj, int p0, int len, boolean fresh) {
    int ao = aOff + i * lda + p0;
    int bo = bOff + j * ldb + p0;
    int lo = (i * n + j) * LANES;
    int rowStride = n * LANES;
    if (ni == TILE && nj == TILE) {
      VectorDotKernel.tile4x4(a, ao, lda, b, bo, ldb, len, lanes, lo, rowStride, fresh);
      return;
    }
    for (int r = 0; r < ni; r++) {
      for (int q = 0; q < nj; q++) {
        VectorDotKernel.pair(a, ao + r * lda, b, bo + q * ldb, len, lanes, lo + r * rowStride + q * LANES, fresh);
      }
    }
  }
}
