package dev.nnet.kernels;

import java.util.Arrays;

/**
 * The blocked GEMM as a {@link Parallel.Task}: one reusable instance holds the current problem, and each worker
 * computes a static share of it with its own {@link GemmWorkspace}.
 *
 * <p>Shares are column ranges when C is wide enough, else row ranges, and for a small C with a long k (the weight
 * gradient of a convolution) ranges of k whose partial sums worker 0 adds in worker order. Splitting rows or
 * columns never changes a result; splitting k changes rounding with the thread count, but not from run to run.
 */
final class GemmTask extends GemmProblem {
  private static final int MR = MicroKernel.MR;
  private static final int MC = GemmWorkspace.MC;
  private static final int NB = GemmWorkspace.NB;
  private static final int KC = GemmWorkspace.KC;
  private static final int INTO_C_DEPTH = 2 * KC;
  private static final int TILE_COLUMNS = 64;

  private enum Split { COLUMNS, ROWS, DEPTH }

  private final GemmWorkspace[] workspaces = new GemmWorkspace[Parallel.poolSize()];

  private int workersUsed;

  @Override
  void finish() {
    if (workersUsed > 1 && plan(workersUsed) == Split.DEPTH) {
      addPartialsAndStore(workersUsed);
    }
  }

  @Override
  public void run(int worker, int workers) {
    if (worker == 0) {
      workersUsed = workers;
    }
    GemmWorkspace ws = workspace(worker);
    if (workers == 1) {
      block(ws, 0, m, 0, n, 0, k, true);
      return;
    }
    switch (plan(workers)) {
      case COLUMNS: {
        int j0 = share(n, workers, worker, 16);
        int j1 = share(n, workers, worker + 1, 16);
        if (j0 < j1) {
          block(ws, 0, m, j0, j1, 0, k, true);
        }
        break;
      }
      case ROWS: {
        int i0 = share(m, workers, worker, MR);
        int i1 = share(m, workers, worker + 1, MR);
        if (i0 < i1) {
          block(ws, i0, i1, 0, n, 0, k, true);
        }
        break;
      }
      default: // DEPTH: C fits one block, so each worker's acc holds its whole partial product
        block(ws, 0, m, 0, n, share(k, workers, worker, 8), share(k, workers, worker + 1, 8), false);
        break;
    }
  }

  private Split plan(int workers) {
    if (n >= 128 * workers) {
      return Split.COLUMNS;
    }
    if (m >= 64 * workers) {
      return Split.ROWS;
    }
    if (m <= MC && n <= NB && k >= 256 * workers) {
      return Split.DEPTH;
    }
    return n >= m ? Split.COLUMNS : Split.ROWS;
  }

  /** Start of share {@code part} of {@code total} items cut into {@code parts} runs of whole {@code unit}s. */
  private static int share(int total, int parts, int part, int unit) {
    long units = (total + (long) unit - 1) / unit;
    return (int) Math.min(total, units * part / parts * unit);
  }

  /**
   * C[i0..i1, j0..j1] from depth range [p0, p1): blocks of NB columns, MC rows and KC depth, packed and fed to the
   * micro-kernel; stored through the epilogue when {@code store}, else left in the accumulators.
   */
  private void block(GemmWorkspace ws, int i0, int i1, int j0, int j1, int p0, int p1, boolean store) {
    int depth = p1 - p0;
    if (store && MicroKernel.VECTOR && !transB && beta == 0f && depth <= INTO_C_DEPTH) {
      blockIntoC(ws, i0, i1, j0, j1, p0, p1);
      return;
    }
    int nbStep = blockStep(j1 - j0, NB, MicroKernel.VECTOR ? TILE_COLUMNS : 16);
    int mcStep = blockStep(i1 - i0, MC, MR);
    int kcStep = blockStep(depth, KC, 2);
    for (int jc = j0; jc < j1; jc += nbStep) {
      int nb = Math.min(nbStep, j1 - jc);
      for (int ic = i0; ic < i1; ic += mcStep) {
        accumulate(ws, ic, Math.min(mcStep, i1 - ic), jc, nb, p0, p1, kcStep, store);
      }
    }
  }

  /**
   * {@link #block} with the Vector API, a non-transposed B, beta 0 and a depth up to INTO_C_DEPTH: one depth
   * block whose sums go straight into C, which then takes the epilogue in place (no accumulator rows to clear,
   * reload and copy). The blocks shrink so that packed A (mc × depth) and B's panel (depth × nb) still fit their
   * caches, and A is packed once per block of rows, not once per block of columns (for a weight gradient, Aᵀ
   * transposed nine times over was a tenth of the time).
   */
  private void blockIntoC(GemmWorkspace ws, int i0, int i1, int j0, int j1, int p0, int p1) {
    int depth = p1 - p0;
    // Columns in whole 4×4 tiles (64 with 16 lanes) where they can be: a 4×1 strip loads B once per 4 FMAs.
    int nbStep = blockStep(j1 - j0, Math.max(TILE_COLUMNS, Math.min(NB, NB * KC / depth) / TILE_COLUMNS
        * TILE_COLUMNS), TILE_COLUMNS);
    int mcStep = blockStep(i1 - i0, Math.max(MR, Math.min(MC, MC * KC / depth) / MR * MR), MR);
    for (int ic = i0; ic < i1; ic += mcStep) {
      int mc = Math.min(mcStep, i1 - ic);
      int rows = (mc + MR - 1) / MR * MR;
      if (mc != rows) { // the last rows, fewer than MR: through the accumulators
        for (int jc = j0; jc < j1; jc += nbStep) {
          accumulate(ws, ic, mc, jc, Math.min(nbStep, j1 - jc), p0, p1, depth, true);
        }
        continue;
      }
      Packing.packA(transA, a, aOff, lda, ic, mc, p0, depth, ws.packedA);
      for (int jc = j0; jc < j1; jc += nbStep) {
        int nb = Math.min(nbStep, j1 - jc);
        VectorMicroKernel.runInto(ws.packedA, b, bOff + p0 * ldb + jc, ldb, c, cOff + ic * ldc + jc, ldc, rows,
            depth, nb);
        for (int r = 0; r < mc; r++) {
          int i = ic + r;
          Epilogue.finishInPlace(alpha, c, cOff + i * ldc + jc, nb, bias, biasOff + (biasPerRow ? i : jc),
              biasPerRow, act);
          maskRow(i, jc, nb);
        }
      }
    }
  }

  /** Rows [ic, ic + mc) × columns [jc, jc + nb) through the accumulator rows, depth in blocks of kcStep. */
  private void accumulate(GemmWorkspace ws, int ic, int mc, int jc, int nb, int p0, int p1, int kcStep,
      boolean store) {
    int rows = (mc + MR - 1) / MR * MR;
    for (int r = 0; r < rows; r++) {
      Arrays.fill(ws.acc[r], 0, nb, 0f);
    }
    for (int pc = p0; pc < p1; pc += kcStep) {
      int kc = Math.min(kcStep, p1 - pc);
      Packing.packA(transA, a, aOff, lda, ic, mc, pc, kc, ws.packedA);
      if (!MicroKernel.VECTOR) {
        Packing.packB(transB, b, bOff, ldb, pc, kc, jc, nb, ws.packedB);
        MicroKernel.scalar(ws.packedA, ws.packedB, ws.acc, rows, kc, nb);
      } else if (transB) {
        Packing.packBTransposed(b, bOff, ldb, pc, kc, jc, nb, ws.packedBFlat, NB);
        VectorMicroKernel.run(ws.packedA, ws.packedBFlat, 0, NB, ws.acc, rows, kc, nb);
      } else { // B is read in place
        VectorMicroKernel.run(ws.packedA, b, bOff + pc * ldb + jc, ldb, ws.acc, rows, kc, nb);
      }
    }
    if (store) {
      for (int r = 0; r < mc; r++) {
        int i = ic + r;
        Epilogue.storeRow(ws.acc[r], alpha, beta, c, cOff + i * ldc + jc, nb,
            bias, biasOff + (biasPerRow ? i : jc), biasPerRow, act);
        maskRow(i, jc, nb);
      }
    }
  }

  /**
   * Width of the blocks that cover {@code length} in as few blocks of at most {@code max} as possible, evened out
   * (a multiple of {@code unit}): 784 columns become 208+208+208+160, not 256+256+256+16.
   */
  private static int blockStep(int length, int max, int unit) {
    int blocks = Math.max(1, (length + max - 1) / max);
    int even = (length + blocks - 1) / blocks;
    return Math.min(max, (even + unit - 1) / unit * unit);
  }

  /** After a depth split: adds the workers' partial products in worker order, then stores through the epilogue. */
  private void addPartialsAndStore(int workers) {
    float[][] sums = workspaces[0].acc;
    for (int w = 1; w < workers; w++) {
      float[][] part = workspaces[w].acc;
      for (int r = 0; r < m; r++) {
        float[] dst = sums[r];
        float[] src = part[r];
        for (int j = 0; j < n; j++) {
          dst[j] += src[j];
        }
      }
    }
    for (int i = 0; i < m; i++) {
      Epilogue.storeRow(sums[i], alpha, beta, c, cOff + i * ldc, n, bias, biasOff + (biasPerRow ? i : 0),
          biasPerRow, act);
      maskRow(i, 0, n);
    }
  }

  // Allocated on a worker's first call, so a pool sized for many cores costs memory only for the threads used.
  private GemmWorkspace workspace(int worker) {
    GemmWorkspace ws = workspaces[worker];
    if (ws == null) {
      ws = new GemmWorkspace();
      workspaces[worker] = ws;
    }
    return ws;
  }
}
