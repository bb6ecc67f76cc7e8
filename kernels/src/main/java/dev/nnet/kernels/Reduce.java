package dev.nnet.kernels;

/**
 * Reductions over rows of a row-major matrix. Each column is summed in double, in row order, by exactly one thread
 * (threads take ranges of columns), so a result is the same for every thread count and every run.
 */
public final class Reduce {
  // Below this many elements waking the pool costs more than summing.
  private static final int PARALLEL_LIMIT = 1 << 15;
  private static final int COLUMN_BLOCK = 8;

  private static final SumRowsTask TASK = new SumRowsTask();

  private Reduce() {}

  /** dst[j] (+)= sum over i<rows of src[off + i*cols + j]  (bias gradient of a linear layer). */
  public static void sumRows(int rows, int cols, float[] src, int off, float[] dst, int dstOff, boolean accumulate) {
    Checks.nonNegative("sumRows", "rows", rows);
    Checks.nonNegative("sumRows", "cols", cols);
    Checks.span("sumRows", "src", src, off, (long) rows * cols);
    Checks.span("sumRows", "dst", dst, dstOff, cols);
    if ((long) rows * cols < PARALLEL_LIMIT || Parallel.insideTask()) {
      sumColumns(rows, cols, src, off, dst, dstOff, accumulate, 0, cols);
      return;
    }
    synchronized (TASK) {
      TASK.rows = rows;
      TASK.cols = cols;
      TASK.src = src;
      TASK.off = off;
      TASK.dst = dst;
      TASK.dstOff = dstOff;
      TASK.accumulate = accumulate;
      try {
        Parallel.run(TASK);
      } finally {
        TASK.src = null;
        TASK.dst = null;
      }
    }
  }

  /** Columns [j0, j1): eight at a time, so each pass over the rows reads whole cache lines. */
  private static void sumColumns(int rows, int cols, float[] src, int off, float[] dst, int dstOff,
      boolean accumulate, int j0, int j1) {
    int j = j0;
    for (; j + COLUMN_BLOCK <= j1; j += COLUMN_BLOCK) {
      double s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
      for (int i = 0, at = off + j; i < rows; i++, at += cols) {
        s0 += src[at];
        s1 += src[at + 1];
        s2 += src[at + 2];
        s3 += src[at + 3];
        s4 += src[at + 4];
        s5 += src[at + 5];
        s6 += src[at + 6];
        s7 += src[at + 7];
      }
      int d = dstOff + j;
      dst[d] = finish(s0, dst[d], accumulate);
      dst[d + 1] = finish(s1, dst[d + 1], accumulate);
      dst[d + 2] = finish(s2, dst[d + 2], accumulate);
      dst[d + 3] = finish(s3, dst[d + 3], accumulate);
      dst[d + 4] = finish(s4, dst[d + 4], accumulate);
      dst[d + 5] = finish(s5, dst[d + 5], accumulate);
      dst[d + 6] = finish(s6, dst[d + 6], accumulate);
      dst[d + 7] = finish(s7, dst[d + 7], accumulate);
    }
    for (; j < j1; j++) {
      double s = 0;
      for (int i = 0, at = off + j; i < rows; i++, at += cols) {
        s += src[at];
      }
      dst[dstOff + j] = finish(s, dst[dstOff + j], accumulate);
    }
  }

  private static float finish(double sum, float old, boolean accumulate) {
    return (float) (accumulate ? old + sum : sum);
  }

  /** The reusable parallel form: worker w sums its own range of columns. */
  private static final class SumRowsTask implements Parallel.Task {
    int rows;
    int cols;
    float[] src;
    int off;
    float[] dst;
    int dstOff;
    boolean accumulate;

    @Override
    public void run(int worker, int workers) {
      int j0 = (int) ((long) cols * worker / workers);
      int j1 = (int) ((long) cols * (worker + 1) / workers);
      sumColumns(rows, cols, src, off, dst, dstOff, accumulate, j0, j1);
    }
  }
}
