package dev.nnet.kernels;

/**
 * Swaps two axes of a dense tensor by copying. The input is viewed as {@code [outer, rows, mid, cols, inner]} and
 * written as {@code [outer, cols, mid, rows, inner]}; {@code t()} of a matrix is outer = mid = inner = 1. The rows
 * and columns are walked in square tiles so that both the reads and the writes stay within a few cache lines.
 * The int overload moves token ids the same way.
 */
public final class Transpose {
  /** 32 x 32 floats: 4 KiB read and 4 KiB written per tile, well inside L1. */
  private static final int TILE = 32;

  private Transpose() {}

  public static void swapAxes(float[] x, float[] y, int outer, int rows, int mid, int cols, int inner) {
    long count = check(outer, rows, mid, cols, inner);
    Checks.span("transpose", "x", x, 0, count);
    Checks.span("transpose", "y", y, 0, count);
    for (int o = 0; o < outer; o++) {
      for (int m = 0; m < mid; m++) {
        for (int r0 = 0; r0 < rows; r0 += TILE) {
          for (int c0 = 0; c0 < cols; c0 += TILE) {
            int rEnd = Math.min(r0 + TILE, rows);
            int cEnd = Math.min(c0 + TILE, cols);
            for (int r = r0; r < rEnd; r++) {
              for (int c = c0; c < cEnd; c++) {
                int from = (((o * rows + r) * mid + m) * cols + c) * inner;
                int to = (((o * cols + c) * mid + m) * rows + r) * inner;
                if (inner == 1) {
                  y[to] = x[from];
                } else {
                  System.arraycopy(x, from, y, to, inner);
                }
              }
            }
          }
        }
      }
    }
  }

  public static void swapAxes(int[] x, int[] y, int outer, int rows, int mid, int cols, int inner) {
    long count = check(outer, rows, mid, cols, inner);
    Checks.span("transpose", "x", x, 0, count);
    Checks.span("transpose", "y", y, 0, count);
    for (int o = 0; o < outer; o++) {
      for (int m = 0; m < mid; m++) {
        for (int r0 = 0; r0 < rows; r0 += TILE) {
          for (int c0 = 0; c0 < cols; c0 += TILE) {
            int rEnd = Math.min(r0 + TILE, rows);
            int cEnd = Math.min(c0 + TILE, cols);
            for (int r = r0; r < rEnd; r++) {
              for (int c = c0; c < cEnd; c++) {
                int from = (((o * rows + r) * mid + m) * cols + c) * inner;
                int to = (((o * cols + c) * mid + m) * rows + r) * inner;
                if (inner == 1) {
                  y[to] = x[from];
                } else {
                  System.arraycopy(x, from, y, to, inner);
                }
              }
            }
          }
        }
      }
    }
  }

  private static long check(int outer, int rows, int mid, int cols, int inner) {
    Checks.nonNegative("transpose", "outer", outer);
    Checks.nonNegative("transpose", "rows", rows);
    Checks.nonNegative("transpose", "mid", mid);
    Checks.nonNegative("transpose", "cols", cols);
    Checks.nonNegative("transpose", "inner", inner);
    return (long) outer * rows * mid * cols * inner;
  }
}
