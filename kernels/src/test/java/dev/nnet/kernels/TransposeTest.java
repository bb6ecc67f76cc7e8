package dev.nnet.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TransposeTest {
  /** Each output element against the index formula, across tile edges (rows and cols not multiples of 32). */
  @Test
  void swapsTheTwoAxesOfEveryShape() {
    int[][] shapes = {{1, 3, 1, 5, 1}, {2, 33, 1, 70, 1}, {3, 4, 5, 6, 1}, {2, 3, 2, 4, 7}, {1, 0, 1, 4, 1}};
    for (int[] s : shapes) {
      int outer = s[0];
      int rows = s[1];
      int mid = s[2];
      int cols = s[3];
      int inner = s[4];
      int count = outer * rows * mid * cols * inner;
      float[] x = new float[count];
      int[] ix = new int[count];
      for (int i = 0; i < count; i++) {
        x[i] = i * 0.5f - 3f;
        ix[i] = i * 7 + 1;
      }
      float[] want = new float[count];
      int[] iwant = new int[count];
      for (int o = 0; o < outer; o++) {
        for (int r = 0; r < rows; r++) {
          for (int m = 0; m < mid; m++) {
            for (int c = 0; c < cols; c++) {
              for (int i = 0; i < inner; i++) {
                int from = (((o * rows + r) * mid + m) * cols + c) * inner + i;
                int to = (((o * cols + c) * mid + m) * rows + r) * inner + i;
                want[to] = x[from];
                iwant[to] = ix[from];
              }
            }
          }
        }
      }
      float[] y = new float[count];
      int[] iy = new int[count];
      Transpose.swapAxes(x, y, outer, rows, mid, cols, inner);
      Transpose.swapAxes(ix, iy, outer, rows, mid, cols, inner);
      assertArrayEquals(want, y);
      assertArrayEquals(iwant, iy);
    }
  }

  @Test
  void refusesAShortArray() {
    assertThrows(KernelArgumentException.class,
        () -> Transpose.swapAxes(new float[5], new float[6], 1, 2, 1, 3, 1));
  }
}
