package dev.nnet.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The Vector API kernel is chosen exactly when the JVM has the module, and gives the scalar kernel's bits. Surefire
 * runs this class both without the module (the selection check) and with it (both checks).
 */
class VectorKernelTest {
  private static final boolean MODULE_PRESENT = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

  @Test
  void vectorKernelIsSelectedExactlyWhenTheModuleIsPresent() {
    assertEquals(MODULE_PRESENT && !"false".equals(System.getProperty("nnet.vector")), MicroKernel.VECTOR);
  }

  @Test
  void vectorKernelMatchesScalarKernelBitForBit() {
    if (!MODULE_PRESENT) {
      assertEquals(false, MicroKernel.VECTOR, "no module, so the scalar kernel is the only one");
      return;
    }
    SplittableRandom rnd = new SplittableRandom(7);
    int[] widths = {1, 15, 16, 17, 63, 64, 65, 100, 128, 200, 256};
    int[] depths = {1, 2, 3, 37, 256};
    for (int nb : widths) {
      for (int kc : depths) {
        for (int rows = 4; rows <= 12; rows += 8) {
          float[] ap = new float[rows * kc];
          float[][] bp = new float[kc][nb];
          float[][] accScalar = new float[rows][nb];
          float[][] accVector = new float[rows][nb];
          for (int i = 0; i < ap.length; i++) {
            ap[i] = (float) rnd.nextDouble(-1, 1);
          }
          for (float[] row : bp) {
            for (int j = 0; j < nb; j++) {
              row[j] = (float) rnd.nextDouble(-1, 1);
            }
          }
          for (int r = 0; r < rows; r++) {
            for (int j = 0; j < nb; j++) {
              accScalar[r][j] = accVector[r][j] = (float) rnd.nextDouble(-1, 1);
            }
          }
          MicroKernel.scalar(ap, bp, accScalar, rows, kc, nb);
          int ldb = nb + 3; // B in place with a padded stride and an offset, as GemmTask passes a caller's matrix
          float[] flat = new float[5 + kc * ldb];
          for (int p = 0; p < kc; p++) {
            System.arraycopy(bp[p], 0, flat, 5 + p * ldb, nb);
          }
          VectorMicroKernel.run(ap, flat, 5, ldb, accVector, rows, kc, nb);
          for (int r = 0; r < rows; r++) {
            assertArrayEquals(accScalar[r], accVector[r], "rows " + rows + " kc " + kc + " nb " + nb + " row " + r);
          }
        }
      }
    }
  }

  /**
   * VectorDotGemm's documented sums, written out plainly: 16 lanes of FMAs, lanes added in double as four interleaved
   * sums, then the last products. VectorDotGemm runs exactly when the Vector API has 16-lane vectors.
   */
  @Test
  void dotProductsFollowTheirDefinitionBitForBit() {
    boolean sixteenLanes = MicroKernel.VECTOR && VectorDotKernel.fits(VectorDotGemm.LANES);
    assertEquals(sixteenLanes, VectorDotGemm.AVAILABLE);
    if (!VectorDotGemm.AVAILABLE) {
      assertEquals(false, VectorDotGemm.suits(false, true, 32, 400, 2560), "without it, the older paths run");
      return;
    }
    SplittableRandom rnd = new SplittableRandom(11);
    // each above Gemm's direct-path size; odd rows, columns and depth tails included
    int[][] shapes = {{10, 25, 5000}, {13, 31, 1100}, {32, 400, 2560}, {9, 9, 1031}};
    for (int[] shape : shapes) {
      int m = shape[0];
      int n = shape[1];
      int k = shape[2];
      assertEquals(true, VectorDotGemm.suits(false, true, m, n, k), m + "x" + n + "x" + k + " takes VectorDotGemm");
      float[] a = Close.random(rnd, m * k);
      float[] b = Close.random(rnd, n * k);
      float[] c = new float[m * n];
      Gemm.sgemm(false, true, m, n, k, 1f, a, 0, k, b, 0, k, 0f, c, 0, n);
      int whole = k - k % VectorDotGemm.LANES;
      for (int i = 0; i < m; i++) {
        for (int j = 0; j < n; j++) {
          float[] lanes = new float[VectorDotGemm.LANES];
          for (int p = 0; p < whole; p++) {
            int t = p % VectorDotGemm.LANES;
            lanes[t] = Math.fma(a[i * k + p], b[j * k + p], lanes[t]);
          }
          double[] s = new double[4];
          for (int t = 0; t < VectorDotGemm.LANES; t++) {
            s[t % 4] += lanes[t];
          }
          double sum = (s[0] + s[1]) + (s[2] + s[3]);
          for (int p = whole; p < k; p++) {
            sum += (double) a[i * k + p] * b[j * k + p];
          }
          assertEquals(Float.floatToRawIntBits((float) sum), Float.floatToRawIntBits(c[i * n + j]),
              m + "x" + n + "x" + k + " element " + i + "," + j);
        }
      }
    }
  }

  /**
   * A·Bᵀ with few rows (a linear layer's forward pass) takes ColumnVectorGemm, whose chains are the direct path's:
   * equal bits, with beta, both bias modes and an activation, on whole and padded vectors of rows and odd columns.
   */
  @Test
  void columnVectorPathGivesTheDirectPathsBits() {
    int[][] shapes = {{64, 512, 784}, {20, 2200, 448}, {24, 400, 96}, {64, 70, 33}, {128, 131, 5}, {48, 100, 17},
        {16, 19, 300}};
    SplittableRandom rnd = new SplittableRandom(13);
    for (int[] shape : shapes) {
      int m = shape[0];
      int n = shape[1];
      int k = shape[2];
      assertEquals(MicroKernel.VECTOR, ColumnVectorGemm.suits(false, true, m, n, k), m + "x" + n + "x" + k);
      for (boolean biasPerRow : new boolean[] {false, true}) {
        float[] a = Close.random(rnd, m * (k + 3));
        float[] b = Close.random(rnd, n * (k + 1));
        float[] bias = Close.random(rnd, Math.max(m, n));
        float[] c = Close.random(rnd, m * (n + 2));
        float[] expected = c.clone();
        Gemm.sgemm(false, true, m, n, k, 0.75f, a, 3, k + 3, b, 1, k + 1, 0.5f, c, 2, n + 2, bias, 0, biasPerRow,
            Activation.RELU);
        DirectGemm.run(false, true, m, n, k, 0.75f, a, 3, k + 3, b, 1, k + 1, 0.5f, expected, 2, n + 2, bias, 0,
            biasPerRow, Activation.RELU);
        assertArrayEquals(expected, c, m + "x" + n + "x" + k + (biasPerRow ? " bias per row" : " bias per column"));
      }
    }
  }

  /**
   * The blocked path writes sums straight into C and applies alpha, bias and activation there when beta is 0 and the
   * depth is one block; the bits are the direct path's (rows not a multiple of four take the accumulator rows).
   * No shape here is split along k at two threads, so the plain JVM's scalar kernel must give the same bits.
   */
  @Test
  void blockedPathIntoCGivesTheDirectPathsBits() {
    int[][] shapes = {{32, 2048, 400}, {16, 600, 144}, {30, 300, 257}, {130, 200, 512}, {64, 512, 10}};
    SplittableRandom rnd = new SplittableRandom(17);
    for (int[] shape : shapes) {
      int m = shape[0];
      int n = shape[1];
      int k = shape[2];
      for (boolean transA : new boolean[] {false, true}) {
        for (boolean biasPerRow : new boolean[] {false, true}) {
          int lda = (transA ? m : k) + 1;
          float[] a = Close.random(rnd, 2 + (transA ? k : m) * lda);
          float[] b = Close.random(rnd, 2 + k * (n + 5));
          float[] bias = Close.random(rnd, Math.max(m, n));
          float[] c = new float[m * n];
          float[] expected = new float[m * n];
          Gemm.sgemm(transA, false, m, n, k, 0.75f, a, 2, lda, b, 2, n + 5, 0f, c, 0, n, bias, 0, biasPerRow,
              Activation.RELU);
          DirectGemm.run(transA, false, m, n, k, 0.75f, a, 2, lda, b, 2, n + 5, 0f, expected, 0, n, bias, 0,
              biasPerRow, Activation.RELU);
          assertArrayEquals(expected, c, (transA ? "T" : "N") + "N " + m + "x" + n + "x" + k
              + (biasPerRow ? " bias per row" : " bias per column"));
        }
      }
    }
  }

  /**
   * A small product with B in place and beta 0 takes TinyGemm (vectors along C's columns, the rest scalar), with the
   * direct path's bits: both transposes of A, both bias modes, an activation, odd columns past the last vector.
   */
  @Test
  void tinyPathGivesTheDirectPathsBits() {
    int[][] shapes = {{64, 64, 10}, {10, 64, 64}, {64, 84, 10}, {10, 84, 64}, {5, 17, 3}, {7, 33, 20}, {3, 100, 9},
        {4, 16, 1}};
    SplittableRandom rnd = new SplittableRandom(29);
    for (int[] shape : shapes) {
      int m = shape[0];
      int n = shape[1];
      int k = shape[2];
      assertEquals(MicroKernel.VECTOR, TinyGemm.suits(false, n, 0f), m + "x" + n + "x" + k);
      for (int t = 0; t < 4; t++) {
        boolean transA = (t & 1) != 0;
        boolean biasPerRow = (t & 2) != 0;
        int lda = (transA ? m : k) + 2;
        int ldb = n + 1;
        float[] a = Close.random(rnd, 1 + (transA ? k : m) * lda);
        float[] b = Close.random(rnd, 3 + k * ldb);
        float[] bias = Close.random(rnd, Math.max(m, n));
        float[] c = Close.random(rnd, 2 + m * (n + 3));
        float[] expected = c.clone();
        Gemm.sgemm(transA, false, m, n, k, 1.25f, a, 1, lda, b, 3, ldb, 0f, c, 2, n + 3, bias, 0, biasPerRow,
            Activation.RELU);
        DirectGemm.run(transA, false, m, n, k, 1.25f, a, 1, lda, b, 3, ldb, 0f, expected, 2, n + 3, bias, 0,
            biasPerRow, Activation.RELU);
        assertArrayEquals(expected, c, m + "x" + n + "x" + k + " case " + t);
      }
    }
  }

  /** C narrower than a vector takes NarrowVectorGemm on every transpose, with the direct path's bits. */
  @Test
  void narrowPathGivesTheDirectPathsBits() {
    int[][] shapes = {{64, 10, 512}, {64, 10, 64}, {20, 3, 40}, {13, 15, 300}, {9, 1, 70}, {100, 7, 1000}};
    SplittableRandom rnd = new SplittableRandom(19);
    for (int[] shape : shapes) {
      int m = shape[0];
      int n = shape[1];
      int k = shape[2];
      assertEquals(MicroKernel.VECTOR, NarrowVectorGemm.suits(m, n), m + "x" + n + "x" + k);
      for (int t = 0; t < 8; t++) {
        boolean transA = (t & 1) != 0;
        boolean transB = (t & 2) != 0;
        boolean biasPerRow = (t & 4) != 0;
        int lda = (transA ? m : k) + 2;
        int ldb = (transB ? k : n) + 1;
        float[] a = Close.random(rnd, 1 + (transA ? k : m) * lda);
        float[] b = Close.random(rnd, 1 + (transB ? n : k) * ldb);
        float[] bias = Close.random(rnd, Math.max(m, n));
        float[] c = Close.random(rnd, m * (n + 3));
        float[] expected = c.clone();
        Gemm.sgemm(transA, transB, m, n, k, 1.25f, a, 1, lda, b, 1, ldb, t < 4 ? 0f : 0.5f, c, 0, n + 3, bias, 0,
            biasPerRow, Activation.TANH);
        DirectGemm.run(transA, transB, m, n, k, 1.25f, a, 1, lda, b, 1, ldb, t < 4 ? 0f : 0.5f, expected, 0, n + 3,
            bias, 0, biasPerRow, Activation.TANH);
        assertArrayEquals(expected, c, m + "x" + n + "x" + k + " case " + t);
      }
    }
  }
}
