package dev.nnet.kernels;

/**
 * Single-precision matrix multiply with a fused epilogue, the primitive under linear layers and convolutions.
 *
 * <p>Row-major throughout. Large products go through {@link GemmTask} (packed, cache-blocked, split over
 * {@link Parallel}); small or narrow ones through {@link DirectGemm}. A·Bᵀ with a long k (a convolution's weight
 * gradient) goes through {@link VectorDotGemm} where the Vector API has 16-lane vectors, else, for a tiny C,
 * through {@link DotGemm}. With the Vector API, C narrower than a vector goes through {@link NarrowVectorGemm},
 * A·Bᵀ with few rows through {@link ColumnVectorGemm}, and a small product with B in place and beta 0 through
 * {@link TinyGemm} instead of DirectGemm. GemmTask, DirectGemm and those three compute every element as
 * one sequential chain of fused multiply-adds, so which of them runs, and a row or column split, never changes a
 * result; only a split along k (GemmTask's depth split, DotGemm) rounds differently with the thread count, and
 * VectorDotGemm has its own fixed order that no thread count changes. Calls are serialized (the workspaces are
 * shared), allocate nothing once warm, and are safe from any thread; a call from inside a {@link Parallel} task runs
 * directly on its thread, and one from a share of {@link Parallel#runShares} on its thread with that worker's own
 * workspaces (the same algorithm as a one-thread call).
 */
public final class Gemm {
  // Below this many multiply-adds, packing and waking the pool cost more than they save.
  private static final long DIRECT_LIMIT = 1 << 16;
  // Narrower than a vector, the blocked kernel cannot vectorize; direct dot products do as well up to this size.
  private static final long NARROW_DIRECT_LIMIT = 1 << 21;
  private static final int VECTOR_WIDTH = 16;

  private static final Problems SHARED = new Problems();
  private static final Problems[] PER_SHARE = perShare();

  private Gemm() {}

  /** Row-major C[m×n] = alpha·op(A)·op(B) + beta·C, op(X) = X or Xᵀ; lda/ldb/ldc are row strides of A, B, C as
   *  stored. beta == 0 ignores C's old contents (even NaN). Then the epilogue: if bias != null,
   *  C[i][j] += bias[biasOff + (biasPerRow ? i : j)]; then act. */
  public static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
      float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc,
      float[] bias, int biasOff, boolean biasPerRow, Activation act) {
    check(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, bias, biasOff, biasPerRow, act);
    run(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, bias, biasOff, biasPerRow,
        act, null, 0);
  }

  /**
   * C = alpha·op(A)·op(B) + beta·C as {@link #sgemm}, then the gradient through a ReLU in the same epilogue: each
   * element stays where the ReLU output {@code relu} is positive and becomes +0 elsewhere, the bits of a separate
   * relu_grad loop over C. {@code relu} is laid out like C: element (i, j) at {@code relu[reluOff + i*ldc + j]}.
   */
  public static void sgemmReluMasked(boolean transA, boolean transB, int m, int n, int k, float alpha,
      float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc,
      float[] relu, int reluOff) {
    check(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, null, 0, false,
        Activation.NONE);
    if (m > 0 && n > 0) {
      Checks.matrix("sgemm", "relu (the mask, laid out like C)", relu, reluOff, m, n, ldc);
    }
    run(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, null, 0, false,
        Activation.NONE, relu, reluOff);
  }

  private static void run(boolean transA, boolean transB, int m, int n, int k, float alpha,
      float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc,
      float[] bias, int biasOff, boolean biasPerRow, Activation act, float[] mask, int maskOff) {
    if (m == 0 || n == 0) {
      return;
    }
    if (k == 0 || alpha == 0f) {
      for (int i = 0; i < m; i++) {
        Epilogue.scaleRow(beta, c, cOff + i * ldc, n, bias, biasOff + (biasPerRow ? i : 0), biasPerRow, act);
        if (mask != null) {
          Epilogue.reluMaskRow(c, cOff + i * ldc, n, mask, maskOff + i * ldc);
        }
      }
      return;
    }
    long work = (long) m * n * k;
    int share = Parallel.shareWorker();
    GemmProblem problem = share < 0 && Parallel.insideTask() // called from a parallel task: no shared workspaces
        ? null : (share < 0 ? SHARED : PER_SHARE[share]).pick(transA, transB, m, n, k, work);
    if (problem == null && TinyGemm.suits(transB, n, beta)) {
      TinyGemm.run(transA, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, bias, biasOff, biasPerRow, act,
          mask, maskOff);
      return;
    }
    if (problem == null) {
      DirectGemm.run(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc,
          bias, biasOff, biasPerRow, act, mask, maskOff);
      return;
    }
    if (share >= 0) {
      problem.solve(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc,
          bias, biasOff, biasPerRow, act, mask, maskOff);
      return;
    }
    synchronized (SHARED) {
      problem.solve(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc,
          bias, biasOff, biasPerRow, act, mask, maskOff);
    }
  }

  /** One set of reusable GEMM tasks with their workspaces: the shared set, or one per {@link Parallel#runShares}
   *  worker. */
  private static final class Problems {
    final GemmTask blocked = new GemmTask();
    final DotGemm dot = new DotGemm();
    final VectorDotGemm vectorDot = new VectorDotGemm();
    final NarrowVectorGemm narrow = new NarrowVectorGemm();
    final ColumnVectorGemm column = new ColumnVectorGemm();

    /** The task for this product, or null for {@link DirectGemm}. */
    GemmProblem pick(boolean transA, boolean transB, int m, int n, int k, long work) {
      if (work > DIRECT_LIMIT && VectorDotGemm.suits(transA, transB, m, n, k)) {
        return vectorDot;
      }
      if (work > DIRECT_LIMIT && DotGemm.suits(transA, transB, m, n, k)) {
        return dot;
      }
      if (NarrowVectorGemm.suits(m, n)) {
        return narrow;
      }
      if (ColumnVectorGemm.suits(transA, transB, m, n, k)) {
        return column;
      }
      if (work <= DIRECT_LIMIT || (n < VECTOR_WIDTH && work <= NARROW_DIRECT_LIMIT)) {
        return null;
      }
      return blocked;
    }
  }

  private static Problems[] perShare() {
    Problems[] all = new Problems[Parallel.poolSize()];
    for (int i = 0; i < all.length; i++) {
      all[i] = new Problems();
    }
    return all;
  }

  /** {@link #sgemm(boolean, boolean, int, int, int, float, float[], int, int, float[], int, int, float, float[],
   *  int, int, float[], int, boolean, Activation)} without bias or activation. */
  public static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
      float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
    sgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc,
        null, 0, false, Activation.NONE);
  }

  private static void check(boolean transA, boolean transB, int m, int n, int k, float alpha,
      float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float[] c, int cOff, int ldc,
      float[] bias, int biasOff, boolean biasPerRow, Activation act) {
    String kernel = "sgemm";
    Checks.nonNegative(kernel, "m", m);
    Checks.nonNegative(kernel, "n", n);
    Checks.nonNegative(kernel, "k", k);
    if (act == null) {
      throw new KernelArgumentException("sgemm: act is null; pass Activation.NONE for no activation");
    }
    // Stored shapes: A is m×k (k×m when transposed), B is k×n (n×k when transposed).
    Checks.leadingDimension(kernel, transA ? "lda (A stored k×m)" : "lda (A stored m×k)", lda, transA ? m : k);
    Checks.leadingDimension(kernel, transB ? "ldb (B stored n×k)" : "ldb (B stored k×n)", ldb, transB ? k : n);
    Checks.leadingDimension(kernel, "ldc (C is m×n)", ldc, n);
    Checks.matrix(kernel, "C", c, cOff, m, n, ldc);
    if (m > 0 && n > 0 && alpha != 0f) {
      Checks.matrix(kernel, "A", a, aOff, transA ? k : m, transA ? m : k, lda);
      Checks.matrix(kernel, "B", b, bOff, transB ? n : k, transB ? k : n, ldb);
    }
    if (bias != null && m > 0 && n > 0) {
      Checks.span(kernel, biasPerRow ? "bias (one per row of C)" : "bias (one per column of C)", bias, biasOff,
          biasPerRow ? m : n);
    }
  }
}
