package dev.nnet.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ReduceTest {
  @ParameterizedTest(name = "rows={0} cols={1} accumulate={2}")
  @CsvSource({
      "1, 1, false", "3, 7, true", "64, 10, false", "13, 129, true", "65, 31, false",
      "64, 512, false", "64, 512, true", "1000, 65, true", "0, 9, true", "0, 9, false"})
  void sumsEveryColumn(int rows, int cols, boolean accumulate) {
    SplittableRandom rnd = new SplittableRandom(rows * 31L + cols);
    int off = 4;
    int dstOff = 2;
    float[] src = Close.random(rnd, off + rows * cols);
    float[] dst = accumulate ? Close.random(rnd, dstOff + cols + 1) : Close.filled(dstOff + cols + 1, Float.NaN);
    float sentinel = dst[dstOff + cols];
    double[] expected = new double[cols];
    double[] magnitude = new double[cols];
    for (int j = 0; j < cols; j++) {
      expected[j] = accumulate ? dst[dstOff + j] : 0;
      magnitude[j] = Math.abs(expected[j]);
      for (int i = 0; i < rows; i++) {
        expected[j] += src[off + i * cols + j];
        magnitude[j] += Math.abs(src[off + i * cols + j]);
      }
    }
    Reduce.sumRows(rows, cols, src, off, dst, dstOff, accumulate);
    Close.assertClose("sumRows", expected, magnitude, dst, dstOff);
    assertEquals(sentinel, dst[dstOff + cols], "wrote past the last column");
  }

  @Test
  void rejectsAShortSource() {
    KernelArgumentException e = assertThrows(KernelArgumentException.class,
        () -> Reduce.sumRows(4, 5, new float[19], 0, new float[5], 0, false));
    assertTrue(e.getMessage().contains("src needs 20"), e.getMessage());
  }
}
