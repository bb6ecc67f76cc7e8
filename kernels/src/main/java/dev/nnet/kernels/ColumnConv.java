package dev.nnet.kernels;

import java.util.Arrays;

/**
 * {@link Conv2d}'s im2col + GEMM passes, over a chunk of samples at once: the column matrix of the chunk has one
 * column per (sample, output position), so each GEMM's n is samples × outH × outW rather than one image's worth.
 * The chunk is the whole batch unless its column matrix would exceed {@link #COLUMN_LIMIT} floats. Copies between
 * NCHW and the chunk layout, im2col and col2im run on {@link Parallel} with work split by plane; every output
 * element is written by one thread in a fixed order, so results are reproducible. With keepColumns the forward
 * keeps the whole batch's column matrix for the weight gradient. Workspaces are allocated on first use, once.
 */
final class ColumnConv {
  /** Largest column matrix (floats) a chunk may need: 4 MiB (the whole batch's chunks are kept with keepColumns). */
  static final int COLUMN_LIMIT = 1 << 20;

  private final ConvGeometry g;
  private final int maxBatch;
  private final int chunk;
  private final long colPerSample;
  private final long rowsPerSample;
  private final boolean keepColumns;
  /** The column matrix: one chunk's, or with keepColumns the whole batch's, chunk s0 from s0·colPerSample. */
  private float[] col;
  /** Where backwardData puts Wᵀ·dY: {@link #col} itself unless the columns are kept. */
  private float[] scratch;
  private float[] rows;
  private final double[] biasSums;
  private final ConvPhase phase;

  ColumnConv(ConvGeometry g, int maxBatch, boolean keepColumns) {
    this.g = g;
    this.maxBatch = maxBatch;
    this.keepColumns = keepColumns;
    this.colPerSample = (long) g.inChannels * g.kernelH * g.kernelW * g.outPlane;
    this.rowsPerSample = (long) g.outChannels * g.outPlane;
    g.checkColumns(keepColumns ? maxBatch : 1, keepColumns);
    int fit = (int) Math.max(1, Math.min(maxBatch, COLUMN_LIMIT / colPerSample));
    int pieces = (maxBatch + fit - 1) / fit;
    this.chunk = (maxBatch + pieces - 1) / pieces; // equal pieces rather than a full chunk and a sliver
    this.biasSums = new double[g.outChannels];
    this.phase = new ConvPhase(g);
  }

  /** y = act(conv(x, weight) + bias + residual); bias and residual may be null. */
  void forward(int n, float[] x, int xOff, float[] weight, float[] bias, float[] residual, int residualOff,
      float[] y, int yOff, Activation act) {
    allocate(false);
    int ocg = g.groupOutChannels;
    int kg = g.groupRows;
    for (int s0 = 0; s0 < n; s0 += chunk) {
      int cs = Math.min(chunk, n - s0);
      int ld = cs * g.outPlane;
      int at = columnsAt(s0);
      phase.run(ConvPhase.Kind.IM2COL, s0, cs, x, xOff, col, at, ld);
      // with a residual, the copy to y finishes the epilogue: the residual, then the activation
      Activation gemmAct = residual == null ? act : Activation.NONE;
      for (int gr = 0; gr < g.groups; gr++) {
        Gemm.sgemm(false, false, ocg, ld, kg, 1f, weight, gr * ocg * kg, kg, col, at + gr * kg * ld, ld,
            0f, rows, gr * ocg * ld, ld, bias, gr * ocg, true, gemmAct);
      }
      phase.runStore(s0, cs, y, yOff, rows, ld, residual, residualOff, act);
    }
  }

  /** dx = Wᵀ·dy, col2im'd; overwrites dx. */
  void backwardData(int n, float[] dy, int dyOff, float[] weight, float[] dx, int dxOff) {
    allocate(true);
    int ocg = g.groupOutChannels;
    int kg = g.groupRows;
    for (int s0 = 0; s0 < n; s0 += chunk) {
      int cs = Math.min(chunk, n - s0);
      int ld = cs * g.outPlane;
      phase.run(ConvPhase.Kind.NCHW_TO_ROWS, s0, cs, dy, dyOff, rows, 0, ld);
      for (int gr = 0; gr < g.groups; gr++) {
        Gemm.sgemm(true, false, kg, ld, ocg, 1f, weight, gr * ocg * kg, kg, rows, gr * ocg * ld, ld,
            0f, scratch, gr * kg * ld, ld);
      }
      phase.run(ConvPhase.Kind.COL2IM, s0, cs, dx, dxOff, scratch, 0, ld);
    }
  }

  /** dWeight (and dBias when non-null), building each chunk's columns from x, or (x == null) using the kept ones. */
  void weightGradient(int n, float[] x, int xOff, float[] dy, int dyOff, float[] dWeight, float[] dBias,
      boolean accumulate) {
    if (n == 0 && !accumulate) {
      Arrays.fill(dWeight, 0, (int) g.weightSize(), 0f);
    }
    Arrays.fill(biasSums, 0.0);
    allocate(false);
    int ocg = g.groupOutChannels;
    int kg = g.groupRows;
    for (int s0 = 0; s0 < n; s0 += chunk) {
      int cs = Math.min(chunk, n - s0);
      int ld = cs * g.outPlane;
      int at = columnsAt(s0);
      if (x != null) {
        phase.run(ConvPhase.Kind.IM2COL, s0, cs, x, xOff, col, at, ld);
      }
      phase.runSums(s0, cs, dy, dyOff, rows, ld, dBias == null ? null : biasSums);
      float beta = s0 == 0 && !accumulate ? 0f : 1f;
      for (int gr = 0; gr < g.groups; gr++) {
        Gemm.sgemm(false, true, ocg, kg, ld, 1f, rows, gr * ocg * ld, ld, col, at + gr * kg * ld, ld,
            beta, dWeight, gr * ocg * kg, kg);
      }
    }
    if (dBias != null) {
      for (int oc = 0; oc < g.outChannels; oc++) {
        dBias[oc] = (float) (accumulate ? dBias[oc] + biasSums[oc] : biasSums[oc]);
      }
    }
  }

  /**
   * Workspaces are allocated by the first call that needs them, once: an object whose forward keeps columns may
   * never be asked for a data gradient, and a model's training-only objects may never run at all.
   */
  private void allocate(boolean dataGradient) {
    if (rows == null) {
      rows = new float[Math.toIntExact(rowsPerSample * chunk)];
    }
    if (col == null) {
      col = new float[Math.toIntExact(colPerSample * (keepColumns ? maxBatch : chunk))];
    }
    if (dataGradient && scratch == null) {
      scratch = keepColumns ? new float[Math.toIntExact(colPerSample * chunk)] : col;
    }
  }

  /** Where chunk s0's column matrix starts in {@link #col}. */
  private int columnsAt(int s0) {
    return keepColumns ? Math.toIntExact(s0 * colPerSample) : 0;
  }
}
