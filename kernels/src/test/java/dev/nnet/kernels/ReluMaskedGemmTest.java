package dev.nnet.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link Gemm#sgemmReluMasked} gives the bits of the GEMM followed by the generated relu_grad loop over C, on every
 * path a product can take (direct, narrow, column, blocked into C or through the accumulators, split along k, the
 * dot-product paths, k = 0), with strided C and an offset mask. Surefire runs it with and without the Vector API.
 */
class ReluMaskedGemmTest {
  private static final int[][] SHAPES = { // transA, transB, m, n, k
      {0, 0, 4, 20, 5}, {1, 0, 3, 9, 7}, {0, 0, 64, 10, 64}, {1, 0, 10, 64, 64}, {0, 1, 64, 70, 33},
      {0, 0, 64, 512, 256}, {1, 0, 64, 200, 64}, {0, 1, 200, 300, 64}, {0, 0, 130, 200, 600}, {0, 0, 32, 40, 3000},
      {0, 1, 10, 25, 5000}, {0, 0, 5, 7, 0}};

  @Test
  void maskedProductGivesTheGemmThenReluGradBits() {
    SplittableRandom rnd = new SplittableRandom(23);
    for (int[] s : SHAPES) {
      boolean transA = s[0] == 1;
      boolean transB = s[1] == 1;
      int m = s[2];
      int n = s[3];
      int k = s[4];
      for (float beta : new float[] {0f, 0.5f}) {
        int lda = (transA ? m : k) + 1;
        int ldb = (transB ? k : n) + 2;
        int ldc = n + 3;
        float[] a = Close.random(rnd, 1 + Math.max(1, (transA ? k : m) * lda));
        float[] b = Close.random(rnd, 2 + Math.max(1, (transB ? n : k) * ldb));
        float[] relu = reluOutput(rnd, 5 + m * ldc);
        float[] c = Close.random(rnd, 4 + m * ldc);
        float[] expected = c.clone();
        Gemm.sgemm(transA, transB, m, n, k, 1.5f, a, 1, lda, b, 2, ldb, beta, expected, 4, ldc);
        for (int i = 0; i < m; i++) {
          for (int j = 0; j < n; j++) {
            int at = 4 + i * ldc + j;
            expected[at] = reluGrad(expected[at], relu[5 + i * ldc + j]);
          }
        }
        Gemm.sgemmReluMasked(transA, transB, m, n, k, 1.5f, a, 1, lda, b, 2, ldb, beta, c, 4, ldc, relu, 5);
        assertArrayEquals(expected, c, (transA ? "T" : "N") + (transB ? "T" : "N") + "-" + m + "x" + n + "x" + k
            + " beta " + beta);
      }
    }
  }

  @Test
  void aMaskTooShortForCIsRefusedBeforeAnyWrite() {
    float[] c = new float[12];
    KernelArgumentException e = assertThrows(KernelArgumentException.class, () -> Gemm.sgemmReluMasked(false, false,
        3, 4, 2, 1f, new float[6], 0, 2, new float[8], 0, 4, 0f, c, 0, 4, new float[11], 0));
    org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("relu"), e.getMessage());
  }

  /** The generated relu_grad: dy where y > 0 with a sign mask, as JavaExpressions writes it. */
  private static float reluGrad(float dy, float y) {
    return Float.intBitsToFloat(Float.floatToRawIntBits(dy) & (-Float.floatToRawIntBits(y) >> 31));
  }

  /** A ReLU output: about half exact zeros, the rest positive. */
  private static float[] reluOutput(SplittableRandom rnd, int size) {
    float[] y = new float[size];
    for (int i = 0; i < size; i++) {
      y[i] = Math.max(0f, (float) rnd.nextDouble(-1, 1));
    }
    return y;
  }
}
