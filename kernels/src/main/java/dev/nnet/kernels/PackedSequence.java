package dev.nnet.kernels;

import java.util.Arrays;

/**
 * The packed layout of a variable-length batch, as PyTorch's {@code pack_padded_sequence}: the samples in order of
 * decreasing length (stable), so the samples still running at step s are the first {@code running(s)}, and the
 * rows of step s are {@code offset(s) .. offset(s) + running(s)}. Only the {@code tokens} rows samples take exist:
 * the input GEMM and the weight gradients cost no more for a batch padded far past most of its lengths.
 */
final class PackedSequence {
  /** Sample of the k-th row of every step. */
  final int[] order;
  /** Counting sort's buckets, one per length. */
  private final int[] counts;
  private final int[] running;
  private final int[] offsets;
  private int[] lengths;
  private int n;
  private int steps;
  private int active;

  PackedSequence(int maxBatch, int maxSteps) {
    order = new int[maxBatch];
    counts = new int[maxSteps + 2];
    running = new int[maxSteps];
    offsets = new int[maxSteps + 1];
  }

  /** Lays out a batch of n samples padded to {@code steps}; lengths null means all have {@code steps}. */
  void layOut(int n, int steps, int[] lengths) {
    this.n = n;
    this.steps = steps;
    this.lengths = lengths;
    Arrays.fill(counts, 0, steps + 2, 0);
    for (int b = 0; b < n; b++) {
      counts[steps - length(b) + 1]++;
    }
    for (int l = 1; l <= steps + 1; l++) {
      counts[l] += counts[l - 1];
    }
    for (int b = 0; b < n; b++) {
      order[counts[steps - length(b)]++] = b;
    }
    active = n == 0 ? 0 : length(order[0]);
    int k = n;
    for (int s = 0; s < active; s++) {
      while (k > 0 && length(order[k - 1]) <= s) {
        k--;
      }
      running[s] = k;
      offsets[s + 1] = offsets[s] + k;
    }
  }

  int batch() {
    return n;
  }

  int steps() {
    return steps;
  }

  /** Steps anything runs: the longest length. */
  int active() {
    return active;
  }

  /** Rows of the packed layout: the sum of the lengths. */
  int tokens() {
    return offsets[active];
  }

  int running(int s) {
    return running[s];
  }

  int offset(int s) {
    return offsets[s];
  }

  int length(int b) {
    return lengths == null ? steps : lengths[b];
  }

  /** The time of row k of step s: s, or counted back from the sample's own end for the reverse direction. */
  int time(int s, int k, boolean reverse) {
    return reverse ? length(order[k]) - 1 - s : s;
  }

  /** Copies the rows samples take of {@code x} [steps, n, width] into {@code packed} [tokens, width]. */
  void pack(float[] x, int width, boolean reverse, float[] packed) {
    for (int s = 0; s < active; s++) {
      int row = offsets[s];
      for (int k = 0; k < running[s]; k++) {
        int t = time(s, k, reverse);
        System.arraycopy(x, (t * n + order[k]) * width, packed, (row + k) * width, width);
      }
    }
  }

  /**
   * {@code packed} [tokens, width] back to {@code x} [steps, n, width], added to it or written with zeros past
   * every sample's length.
   */
  void unpack(float[] packed, int width, boolean reverse, float[] x, boolean add) {
    for (int s = 0; s < active; s++) {
      int row = offsets[s];
      for (int k = 0; k < running[s]; k++) {
        int to = (time(s, k, reverse) * n + order[k]) * width;
        int from = (row + k) * width;
        if (add) {
          for (int i = 0; i < width; i++) {
            x[to + i] += packed[from + i];
          }
        } else {
          System.arraycopy(packed, from, x, to, width);
        }
      }
    }
    if (!add) {
      zeroPadding(x, 0, width, width);
    }
  }

  /** Zeros columns [offset, offset + width) of every row (t, b) of x [steps, n, stride] past b's length. */
  void zeroPadding(float[] x, int offset, int width, int stride) {
    for (int t = 0; t < steps; t++) {
      for (int b = 0; b < n; b++) {
        if (t >= length(b)) {
          int at = (t * n + b) * stride + offset;
          Arrays.fill(x, at, at + width, 0f);
        }
      }
    }
  }

  /** A state [n, width] in sample order into {@code to} in length order; zeros when {@code from} is null. */
  void gather(float[] from, int fromOff, int width, float[] to) {
    if (from == null) {
      Arrays.fill(to, 0, n * width, 0f);
      return;
    }
    for (int k = 0; k < n; k++) {
      System.arraycopy(from, fromOff + order[k] * width, to, k * width, width);
    }
  }

  /** A state in length order back to sample order at {@code toOff} of {@code to}. */
  void scatter(float[] from, int width, float[] to, int toOff) {
    for (int k = 0; k < n; k++) {
      System.arraycopy(from, k * width, to, toOff + order[k] * width, width);
    }
  }
}
