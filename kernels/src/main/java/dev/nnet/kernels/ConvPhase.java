package dev.nnet.kernels;

/**
 * The data-movement passes of {@link Conv2d} as one reusable {@link Parallel.Task}. Each pass covers a chunk of
 * {@code count} samples starting at sample {@code first} and is cut into units that threads take in contiguous
 * static ranges: a column-matrix row for im2col, a (sample, channel) plane for col2im, a (sample, channel) row of
 * the chunk matrix for the copies, and a whole channel (all samples) when bias-gradient sums are taken, so each
 * sum has one owner.
 *
 * <p>The chunk matrix ("rows") is [outC × count·outPlane]: row oc holds channel oc of every sample of the chunk,
 * side by side, which is how the batched GEMM reads and writes it.
 */
final class ConvPhase implements Parallel.Task {
  enum Kind { IM2COL, COL2IM, ROWS_TO_NCHW, NCHW_TO_ROWS, NCHW_TO_ROWS_WITH_SUMS }

  private final ConvGeometry g;
  private Kind kind;
  private int first;
  private int count;
  private float[] image;
  private int imageOff;
  private float[] matrix;
  private int matrixOff;
  private int ld;
  private double[] sums;
  /** ROWS_TO_NCHW with a residual: added to each copied plane, then the activation; else null. */
  private float[] residual;
  private int residualOff;
  private Activation act;

  /** Per worker: a vector's worth of floats for {@link VectorRows}' last rows. */
  private final float[][] spill;

  ConvPhase(ConvGeometry g) {
    this.g = g;
    this.spill = new float[Parallel.poolSize()][g.vectorRows ? VectorRows.lanes() : 0];
  }

  /**
   * Runs one pass. {@code image} is the NCHW tensor of the whole batch at {@code imageOff} (x, dx, y or dy);
   * {@code matrix} is the column matrix or the chunk matrix, starting at {@code matrixOff}, with row stride
   * {@code ld}.
   */
  void run(Kind kind, int first, int count, float[] image, int imageOff, float[] matrix, int matrixOff, int ld) {
    this.kind = kind;
    this.first = first;
    this.count = count;
    this.image = image;
    this.imageOff = imageOff;
    this.matrix = matrix;
    this.matrixOff = matrixOff;
    this.ld = ld;
    try {
      Parallel.run(this);
    } finally {
      this.image = null;
      this.matrix = null;
    }
  }

  /**
   * ROWS_TO_NCHW that finishes the epilogue the GEMM left: each plane, once copied to y, becomes
   * {@code act(plane + residual)} (the residual in y's layout, at {@code residualOff}).
   */
  void runStore(int first, int count, float[] y, int yOff, float[] rows, int ld, float[] residual, int residualOff,
      Activation act) {
    this.residual = residual;
    this.residualOff = residualOff;
    this.act = act;
    try {
      run(Kind.ROWS_TO_NCHW, first, count, y, yOff, rows, 0, ld);
    } finally {
      this.residual = null;
      this.act = null;
    }
  }

  /** Copies dy into the chunk matrix and, when {@code sums} is non-null, adds each channel's total to it. */
  void runSums(int first, int count, float[] dy, int dyOff, float[] matrix, int ld, double[] sums) {
    this.sums = sums;
    try {
      run(sums == null ? Kind.NCHW_TO_ROWS : Kind.NCHW_TO_ROWS_WITH_SUMS, first, count, dy, dyOff, matrix, 0, ld);
    } finally {
      this.sums = null;
    }
  }

  @Override
  public void run(int worker, int workers) {
    boolean byChannel = kind == Kind.NCHW_TO_ROWS_WITH_SUMS;
    int channels = kind == Kind.COL2IM ? g.inChannels : g.outChannels;
    int units = kind == Kind.IM2COL ? g.inChannels * g.kernelH * g.kernelW : byChannel ? channels : count * channels;
    int u0 = (int) ((long) units * worker / workers);
    int u1 = (int) ((long) units * (worker + 1) / workers);
    if (kind == Kind.IM2COL) {
      for (int row = u0; row < u1; row++) {
        Im2col.im2colRow(g, image, imageOff, first, count, row, matrix, matrixOff, ld);
      }
      return;
    }
    if (byChannel) {
      for (int oc = u0; oc < u1; oc++) {
        copyChannelWithSum(oc);
      }
      return;
    }
    for (int u = u0; u < u1; u++) {
      int s = u / channels;
      int ch = u % channels;
      int plane = (first + s) * channels + ch;
      switch (kind) {
        case COL2IM:
          Im2col.col2im(g, matrix, ld, matrixOff + s * g.outPlane, ch, image, imageOff + plane * g.inPlane,
              spill[worker]);
          break;
        case ROWS_TO_NCHW:
          System.arraycopy(matrix, matrixOff + ch * ld + s * g.outPlane, image, imageOff + plane * g.outPlane,
              g.outPlane);
          if (residual != null) {
            Epilogue.addResidual(image, imageOff + plane * g.outPlane, g.outPlane, residual,
                residualOff + plane * g.outPlane, act);
          }
          break;
        default: // NCHW_TO_ROWS
          System.arraycopy(image, imageOff + plane * g.outPlane, matrix, matrixOff + ch * ld + s * g.outPlane,
              g.outPlane);
          break;
      }
    }
  }

  /** Row oc of the chunk matrix from dy, summing it in double, sample by sample in order. */
  private void copyChannelWithSum(int oc) {
    double sum = 0;
    int plane = g.outPlane;
    for (int s = 0; s < count; s++) {
      int src = imageOff + ((first + s) * g.outChannels + oc) * plane;
      int dst = matrixOff + oc * ld + s * plane;
      for (int p = 0; p < plane; p++) {
        float v = image[src + p];
        matrix[dst + p] = v;
        sum += v;
      }
    }
    sums[oc] += sum;
  }
}
