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
}
