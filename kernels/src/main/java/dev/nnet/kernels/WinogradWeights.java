package dev.nnet.kernels;

/**
 * The weight side of Winograd F(2×2, 3×3) ({@link WinogradConv}), in double: U = G g Gᵀ for the forward, and
 * dW = Gᵀ S G from the per-element sums S of the weight gradient (the adjoint of the same transform).
 */
final class WinogradWeights {
  private WinogradWeights() {}

  /** U[ξ][c][o] = (G g Gᵀ)[ξ] for every kernel g = weight[o][c], in double, rounded once. */
  static void transform(float[] weight, int outC, int inC, int outPitch, float[] u) {
    int plane = inC * outPitch;
    for (int o = 0; o < outC; o++) {
      for (int c = 0; c < inC; c++) {
        int g = (o * inC + c) * 9;
        int at = c * outPitch + o;
        for (int a = 0; a < 4; a++) {
          // row a of G g: G's row a applied to each column j of g
          double r0 = weightRow(a, weight[g], weight[g + 3], weight[g + 6]);
          double r1 = weightRow(a, weight[g + 1], weight[g + 4], weight[g + 7]);
          double r2 = weightRow(a, weight[g + 2], weight[g + 5], weight[g + 8]);
          for (int b = 0; b < 4; b++) {
            u[(4 * a + b) * plane + at] = (float) weightRow(b, r0, r1, r2);
          }
        }
      }
    }
  }

  /** Row a of G = [1 0 0; ½ ½ ½; ½ −½ ½; 0 0 1] times (g0, g1, g2). */
  private static double weightRow(int a, double g0, double g1, double g2) {
    switch (a) {
      case 0:
        return g0;
      case 1:
        return 0.5 * (g0 + g1 + g2);
      case 2:
        return 0.5 * (g0 - g1 + g2);
      default:
        return g2;
    }
  }

  /** Row i of Gᵀ times (x0, x1, x2, x3). */
  private static double gradientRow(int i, double x0, double x1, double x2, double x3) {
    switch (i) {
      case 0:
        return x0 + 0.5 * (x1 + x2);
      case 1:
        return 0.5 * (x1 - x2);
      default:
        return 0.5 * (x1 + x2) + x3;
    }
  }

  /**
   * dW[o][c] = Gᵀ S G for the 4×4 sums S of every kernel (o, c): element ξ of S at
   * {@code sums[ξ·outC·inPitch + o·inPitch + c]}. accumulate ? adds : overwrites.
   */
  static void storeGradient(double[] sums, int outC, int inC, int inPitch, float[] dWeight, boolean accumulate) {
    for (int o = 0; o < outC; o++) {
      for (int c = 0; c < inC; c++) {
        storeKernel(sums, outC, inPitch, o, c, dWeight, (o * inC + c) * 9, accumulate);
      }
    }
  }

  private static void storeKernel(double[] sums, int outC, int inPitch, int o, int c, float[] dWeight, int at,
      boolean accumulate) {
    int plane = outC * inPitch;
    int s = o * inPitch + c;
    for (int i = 0; i < 3; i++) {
      // row i of Gᵀ S, one column b at a time
      double r0 = gradientRow(i, sums[s], sums[s + 4 * plane], sums[s + 8 * plane], sums[s + 12 * plane]);
      double r1 = gradientRow(i, sums[s + plane], sums[s + 5 * plane], sums[s + 9 * plane], sums[s + 13 * plane]);
      double r2 = gradientRow(i, sums[s + 2 * plane], sums[s + 6 * plane], sums[s + 10 * plane],
          sums[s + 14 * plane]);
      double r3 = gradientRow(i, sums[s + 3 * plane], sums[s + 7 * plane], sums[s + 11 * plane],
          sums[s + 15 * plane]);
      for (int j = 0; j < 3; j++) {
        double value = gradientRow(j, r0, r1, r2, r3);
        int k = at + 3 * i + j;
        dWeight[k] = (float) (accumulate ? dWeight[k] + value : value);
      }
    }
  }
}
