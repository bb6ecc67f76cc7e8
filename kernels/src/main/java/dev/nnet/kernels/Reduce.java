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
  private static final ChannelSumsTask CHANNEL_TASK = new ChannelSumsTask();

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

  /** The partial sums of {@link #channelSums}' scalar form: as many as AVX-512's float vector has lanes. */
  static final int CHANNEL_LANES = 16;

  /**
   * dst[c] (+)= the sum of channel c of [n, channels, plane] floats over n and the plane (a convolution's bias
   * gradient). Each channel by one thread, in double, in one fixed order whatever the thread count: partial sum k takes plane positions k, k + L,
   * k + 2L, ... of every sample in turn (L the float vector's lanes, 16 without the Vector API), the partial sums are
   * added in order, then the positions past the last whole L of each plane, in order.
   */
  public static void channelSums(int n, int channels, int plane, float[] src, int off, float[] dst, int dstOff,
      boolean accumulate) {
    Checks.nonNegative("channelSums", "n", n);
    Checks.positive("channelSums", "channels", channels);
    Checks.positive("channelSums", "plane", plane);
    Checks.span("channelSums", "src", src, off, (long) n * channels * plane);
    Checks.span("channelSums", "dst", dst, dstOff, channels);
    synchronized (CHANNEL_TASK) {
      ChannelSumsTask t = CHANNEL_TASK;
      t.n = n;
      t.channels = channels;
      t.plane = plane;
      t.src = src;
      t.off = off;
      t.dst = dst;
      t.dstOff = dstOff;
      t.accumulate = accumulate;
      if (t.sums.length < channels) { // grown once, before the workers start: warm calls allocate nothing
        t.sums = new double[channels];
        t.partials = new double[channels * (MicroKernel.VECTOR ? VectorChannelSum.partialsPerChannel() : 0)];
      }
      try {
        Parallel.run(t);
      } finally {
        t.src = null;
        t.dst = null;
      }
    }
  }

  /**
   * Worker w sums its own range of channels. Always through {@link Parallel#run}, like the other vector kernels:
   * inlined into a large caller, C2 can run out of inlining budget for the Vector API calls and box every vector.
   */
  private static final class ChannelSumsTask implements Parallel.Task {
    int n;
    int channels;
    int plane;
    float[] src;
    int off;
    float[] dst;
    int dstOff;
    boolean accumulate;
    /** The vector form's sums and its partial sums between samples, per channel (each worker its own channels). */
    double[] sums = new double[0];
    double[] partials = new double[0];

    @Override
    public void run(int worker, int workers) {
      int c0 = (int) ((long) channels * worker / workers);
      int c1 = (int) ((long) channels * (worker + 1) / workers);
      if (MicroKernel.VECTOR) {
        VectorChannelSum.channels(n, channels, plane, src, off, c0, c1, partials, sums);
      }
      for (int c = c0; c < c1; c++) {
        double s = MicroKernel.VECTOR ? sums[c] : channel(n, channels, plane, src, off, c);
        dst[dstOff + c] = finish(s, dst[dstOff + c], accumulate);
      }
    }
  }

  /** {@link #channelSums}' order with 16 partial sums, for JVMs without the Vector API (no array: no allocation). */
  private static double channel(int n, int channels, int plane, float[] src, int off, int c) {
    double s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
    double s8 = 0, s9 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0, s14 = 0, s15 = 0;
    int body = plane - plane % CHANNEL_LANES;
    double tail = 0;
    for (int i = 0; i < n; i++) {
      int base = off + (i * channels + c) * plane;
      for (int j = base; j < base + body; j += CHANNEL_LANES) {
        s0 += src[j];
        s1 += src[j + 1];
        s2 += src[j + 2];
        s3 += src[j + 3];
        s4 += src[j + 4];
        s5 += src[j + 5];
        s6 += src[j + 6];
        s7 += src[j + 7];
        s8 += src[j + 8];
        s9 += src[j + 9];
        s10 += src[j + 10];
        s11 += src[j + 11];
        s12 += src[j + 12];
        s13 += src[j + 13];
        s14 += src[j + 14];
        s15 += src[j + 15];
      }
      for (int j = base + body; j < base + plane; j++) {
        tail += src[j];
      }
    }
    double s = s0 + s1 + s2 + s3 + s4 + s5 + s6 + s7 + s8 + s9 + s10 + s11 + s12 + s13 + s14 + s15;
    return s + tail;
  }

  private static float finish(double sum, float old, boolean accumulate) {
    return (float) (accumulate ? old + sum : sum);
  }

  /** out[i] = sums[i] rounded to float, or added to out[i] (in double, then rounded) when accumulating. */
  static void storeSums(double[] sums, float[] out, boolean accumulate) {
    for (int i = 0; i < sums.length; i++) {
      out[i] = finish(sums[i], out[i], accumulate);
    }
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
