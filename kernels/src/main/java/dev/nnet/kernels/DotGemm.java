package dev.nnet.kernels;

import java.util.Arrays;

/**
 * GEMM for a tiny C and a long k with both operands contiguous along k (C = A·Bᵀ, A m×k, B n×k): the weight
 * gradient of a convolution with few taps, e.g. 10×25 with k = 64·576. The blocked kernel vectorizes along n, which
 * is too short here, so this one vectorizes along k instead: every pair (i, j) keeps {@link #SPAN} running sums
 * {@code part[t] += a[i][p+t] * b[j][p+t]}, and only at the end are the lanes added up.
 *
 * <p>Workers take contiguous ranges of k (rounded to spans), sum their lanes in double, and worker 0 adds the
 * workers' totals in worker order, so results are reproducible for a thread count and agree across thread counts
 * within rounding. Rows are copied into arrays of their own first, for the alignment reason given in
 * {@link MicroKernel}.
 */
final class DotGemm extends GemmProblem {
  /** Lanes of running sums per pair: long enough for C2's vector loop, short enough to stay in L2. */
  static final int SPAN = 512;
  /** Largest m·n handled (the number of running-sum arrays), and largest m and n. */
  static final int MAX_PAIRS = 512;
  static final int MAX_ROWS = 64;

  private final Workspace[] workspaces = new Workspace[Parallel.poolSize()];

  private int workersUsed;

  /** Whether a product of this shape belongs here. */
  static boolean suits(boolean transA, boolean transB, int m, int n, int k) {
    return !transA && transB && n < 64 && m <= MAX_ROWS && m * n <= MAX_PAIRS && k >= 4 * SPAN;
  }

  /** Worker 0 adds the workers' totals in worker order, then stores C. */
  @Override
  void finish() {
    double[] total = workspaces[0].totals;
    for (int w = 1; w < workersUsed; w++) {
      double[] part = workspaces[w].totals;
      for (int q = 0; q < m * n; q++) {
        total[q] += part[q];
      }
    }
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        int at = cOff + i * ldc + j;
        c[at] = Epilogue.value((float) total[i * n + j], alpha, beta, c[at], bias, biasOff + (biasPerRow ? i : j),
            act);
      }
      maskRow(i, 0, n);
    }
  }

  @Override
  public void run(int worker, int workers) {
    if (worker == 0) {
      workersUsed = workers;
    }
    Workspace ws = workspace(worker);
    long spans = (k + (long) SPAN - 1) / SPAN;
    int p0 = (int) Math.min(k, spans * worker / workers * SPAN);
    int p1 = (int) Math.min(k, spans * (worker + 1) / workers * SPAN);
    int pairs = m * n;
    for (int q = 0; q < pairs; q++) {
      Arrays.fill(ws.parts[q], 0f);
    }
    for (int pc = p0; pc < p1; pc += SPAN) {
      int len = Math.min(SPAN, p1 - pc);
      for (int i = 0; i < m; i++) {
        System.arraycopy(a, aOff + i * lda + pc, ws.rows[i], 0, len);
      }
      for (int j = 0; j < n; j++) {
        System.arraycopy(b, bOff + j * ldb + pc, ws.rows[MAX_ROWS + j], 0, len);
      }
      accumulate(ws.rows, ws.parts, m, n, len);
    }
    for (int q = 0; q < pairs; q++) {
      ws.totals[q] = sumLanes(ws.parts[q]);
    }
  }

  /** parts[i*n + j][t] += a_i[t] * b_j[t], two pairs per pass (the widest form C2 still vectorizes). */
  private static void accumulate(float[][] rows, float[][] parts, int m, int n, int len) {
    for (int i = 0; i < m; i++) {
      float[] ai = rows[i];
      int j = 0;
      for (; j + 1 < n; j += 2) {
        float[] b0 = rows[MAX_ROWS + j];
        float[] b1 = rows[MAX_ROWS + j + 1];
        float[] q0 = parts[i * n + j];
        float[] q1 = parts[i * n + j + 1];
        for (int t = 0; t < len; t++) {
          float x = ai[t];
          q0[t] = Math.fma(x, b0[t], q0[t]);
          q1[t] = Math.fma(x, b1[t], q1[t]);
        }
      }
      if (j < n) {
        float[] b0 = rows[MAX_ROWS + j];
        float[] q0 = parts[i * n + j];
        for (int t = 0; t < len; t++) {
          q0[t] = Math.fma(ai[t], b0[t], q0[t]);
        }
      }
    }
  }

  /** The lanes of one pair, summed in double with four accumulators in a fixed order. */
  private static double sumLanes(float[] part) {
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    for (int t = 0; t < SPAN; t += 4) {
      s0 += part[t];
      s1 += part[t + 1];
      s2 += part[t + 2];
      s3 += part[t + 3];
    }
    return (s0 + s1) + (s2 + s3);
  }

  private Workspace workspace(int worker) {
    Workspace ws = workspaces[worker];
    if (ws == null) {
      ws = new Workspace();
      workspaces[worker] = ws;
    }
    return ws;
  }

  /** One thread's copied rows (A's first, B's from {@link #MAX_ROWS}), running sums and pair totals. */
  private static final class Workspace {
    final float[][] rows = new float[2 * MAX_ROWS][SPAN];
    final float[][] parts = new float[MAX_PAIRS][SPAN];
    final double[] totals = new double[MAX_PAIRS];
  }
}
