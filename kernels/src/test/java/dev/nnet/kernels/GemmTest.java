package dev.nnet.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class GemmTest {
  /** Where C's unused slots (row padding, the space before cOff) must still hold this after a call. */
  private static final float SENTINEL = 12345.5f;

  enum BiasMode { NONE, PER_ROW, PER_COLUMN }

  /** One call: shapes, scalars, padding added to each stride, offsets, bias and activation. */
  record Case(boolean transA, boolean transB, int m, int n, int k, float alpha, float beta,
      int pad, int off, BiasMode bias, Activation act) {
    static Case plain(boolean transA, boolean transB, int m, int n, int k) {
      return new Case(transA, transB, m, n, k, 1f, 0f, 0, 0, BiasMode.NONE, Activation.NONE);
    }

    Case scaled(float alpha, float beta) {
      return new Case(transA, transB, m, n, k, alpha, beta, pad, off, bias, act);
    }

    Case strided(int pad, int off) {
      return new Case(transA, transB, m, n, k, alpha, beta, pad, off, bias, act);
    }

    Case epilogue(BiasMode bias, Activation act) {
      return new Case(transA, transB, m, n, k, alpha, beta, pad, off, bias, act);
    }

    @Override
    public String toString() {
      return (transA ? "T" : "N") + (transB ? "T" : "N") + " m=" + m + " n=" + n + " k=" + k + " alpha=" + alpha
          + " beta=" + beta + " pad=" + pad + " off=" + off + " bias=" + bias + " act=" + act;
    }
  }

  // Odd sizes around the block sizes (4 rows, 16 lanes, 256 rows/columns/depth) and every path: columns (wide C),
  // rows (tall C), depth (small C, long k), the direct path (tiny or narrower than a vector) and, for NT, the dot
  // path (tiny C, k of 2048 and more).
  private static final int[][] SHAPES = {
      {1, 1, 1}, {1, 3, 7}, {3, 7, 1}, {7, 1, 3}, {13, 31, 65}, {65, 13, 31}, {31, 65, 13}, {129, 65, 31},
      {65, 129, 7}, {7, 129, 129}, {129, 7, 129}, {129, 129, 129}, {1, 129, 65}, {129, 1, 65}, {3, 257, 300},
      {300, 31, 515}, {257, 300, 260}, {13, 31, 1100}, {10, 25, 2100}, {300, 65, 70}, {200, 10, 300},
      {64, 600, 97}, {17, 1031, 33}, {13, 31, 2100}, {1, 63, 3000}, {64, 8, 2049},
  };

  static Stream<Case> shapesAllTransposes() {
    List<Case> cases = new ArrayList<>();
    for (int[] s : SHAPES) {
      for (int t = 0; t < 4; t++) {
        cases.add(Case.plain((t & 1) != 0, (t & 2) != 0, s[0], s[1], s[2]));
      }
    }
    return cases.stream();
  }

  static Stream<Case> scalars() {
    List<Case> cases = new ArrayList<>();
    float[][] alphaBeta = {{1f, 0f}, {-0.5f, 0f}, {2f, 1f}, {1f, -0.75f}, {0.25f, 2.5f}};
    int[][] shapes = {{7, 13, 31}, {65, 129, 31}, {13, 31, 1100}, {300, 65, 70}, {10, 25, 2100}};
    for (int[] s : shapes) {
      for (float[] ab : alphaBeta) {
        cases.add(Case.plain(false, true, s[0], s[1], s[2]).scaled(ab[0], ab[1]));
        cases.add(Case.plain(true, false, s[0], s[1], s[2]).scaled(ab[0], ab[1]));
      }
    }
    return cases.stream();
  }

  static Stream<Case> stridesAndOffsets() {
    List<Case> cases = new ArrayList<>();
    int[][] shapes = {{3, 7, 13}, {65, 31, 129}, {129, 300, 33}, {13, 31, 1100}, {5, 7, 3000}};
    for (int[] s : shapes) {
      for (int t = 0; t < 4; t++) {
        cases.add(Case.plain((t & 1) != 0, (t & 2) != 0, s[0], s[1], s[2]).strided(5, 11).scaled(1.5f, 0.5f));
      }
    }
    return cases.stream();
  }

  static Stream<Case> epilogues() {
    List<Case> cases = new ArrayList<>();
    int[][] shapes = {{3, 7, 13}, {65, 300, 31}, {13, 31, 1100}, {300, 65, 70}, {64, 10, 320}, {9, 17, 2300}};
    for (int[] s : shapes) {
      for (BiasMode bias : BiasMode.values()) {
        for (Activation act : Activation.values()) {
          cases.add(Case.plain(false, true, s[0], s[1], s[2]).strided(3, 7).scaled(1f, 0.5f).epilogue(bias, act));
        }
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("shapesAllTransposes")
  void matchesReferenceForEveryTransposeOnOddSizes(Case c) {
    check(c);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scalars")
  void appliesAlphaAndBeta(Case c) {
    check(c);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stridesAndOffsets")
  void honoursOffsetsAndStridesAndLeavesTheRestAlone(Case c) {
    check(c);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("epilogues")
  void appliesBiasThenActivation(Case c) {
    check(c);
  }

  @Test
  void zeroDepthOrZeroAlphaOnlyScalesC() {
    check(Case.plain(false, false, 7, 13, 0).scaled(1f, 0.5f).epilogue(BiasMode.PER_COLUMN, Activation.TANH));
    check(Case.plain(false, false, 65, 300, 0).scaled(1f, 0f).epilogue(BiasMode.PER_ROW, Activation.RELU));
    // alpha == 0 must not read A or B: NaN there stays out of C.
    float[] a = Close.filled(12, Float.NaN);
    float[] b = Close.filled(12, Float.NaN);
    float[] c = {1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f, 9f};
    Gemm.sgemm(false, false, 3, 3, 4, 0f, a, 0, 4, b, 0, 3, 2f, c, 0, 3);
    assertEquals(2f, c[0]);
    assertEquals(18f, c[8]);
  }

  @Test
  void directAndBlockedPathsGiveTheSameBits() {
    // 37x300x515 goes through the blocked path (several k blocks, balanced column blocks); the direct path
    // computes the same sequential FMA chains without packing.
    for (int t = 0; t < 4; t++) {
      boolean transA = (t & 1) != 0;
      boolean transB = (t & 2) != 0;
      int m = 37;
      int n = 300;
      int k = 515;
      SplittableRandom rnd = new SplittableRandom(t);
      float[] a = Close.random(rnd, m * k);
      float[] b = Close.random(rnd, k * n);
      float[] bias = Close.random(rnd, m);
      float[] blocked = Close.random(rnd, m * n);
      float[] direct = blocked.clone();
      int lda = transA ? m : k;
      int ldb = transB ? k : n;
      Gemm.sgemm(transA, transB, m, n, k, 0.5f, a, 0, lda, b, 0, ldb, 2f, blocked, 0, n, bias, 0, true,
          Activation.TANH);
      DirectGemm.run(transA, transB, m, n, k, 0.5f, a, 0, lda, b, 0, ldb, 2f, direct, 0, n, bias, 0, true,
          Activation.TANH);
      Close.assertSameBits("transA=" + transA + " transB=" + transB, direct, blocked);
    }
  }

  @Test
  void emptyProductsDoNothing() {
    float[] c = {7f};
    Gemm.sgemm(false, false, 0, 5, 3, 1f, new float[0], 0, 3, new float[15], 0, 5, 0f, c, 0, 5);
    Gemm.sgemm(false, false, 5, 0, 3, 1f, new float[15], 0, 3, new float[0], 0, 1, 0f, c, 0, 1);
    assertEquals(7f, c[0]);
  }

  @Test
  void handComputedProduct() {
    // [1 2; 3 4] · [5 6; 7 8] = [19 22; 43 50], + per-row bias [1, -100], relu.
    float[] c = new float[4];
    Gemm.sgemm(false, false, 2, 2, 2, 1f, new float[] {1, 2, 3, 4}, 0, 2, new float[] {5, 6, 7, 8}, 0, 2, 0f,
        c, 0, 2, new float[] {1, -100}, 0, true, Activation.RELU);
    assertEquals(List.of(20f, 23f, 0f, 0f), List.of(c[0], c[1], c[2], c[3]));
  }

  @Test
  void rejectsBadArgumentsWithClearMessages() {
    float[] a = new float[12];
    float[] c = new float[9];
    KernelArgumentException e = assertThrows(KernelArgumentException.class,
        () -> Gemm.sgemm(false, false, 3, 3, 4, 1f, a, 0, 4, new float[11], 0, 3, 0f, c, 0, 3));
    assertTrue(e.getMessage().contains("B is 4x3") && e.getMessage().contains("has 11"), e.getMessage());
    e = assertThrows(KernelArgumentException.class,
        () -> Gemm.sgemm(false, false, 3, 3, 4, 1f, a, 0, 3, new float[12], 0, 3, 0f, c, 0, 3));
    assertTrue(e.getMessage().contains("lda"), e.getMessage());
    e = assertThrows(KernelArgumentException.class,
        () -> Gemm.sgemm(false, false, -1, 3, 4, 1f, a, 0, 4, new float[12], 0, 3, 0f, c, 0, 3));
    assertTrue(e.getMessage().contains("m is -1"), e.getMessage());
    e = assertThrows(KernelArgumentException.class, () -> Gemm.sgemm(false, false, 3, 3, 4, 1f, a, 0, 4,
        new float[12], 0, 3, 0f, c, 0, 3, new float[2], 0, false, Activation.NONE));
    assertTrue(e.getMessage().contains("bias"), e.getMessage());
  }

  /** Runs one case against the double reference, then checks that every slot outside C kept its sentinel. */
  static void check(Case c) {
    SplittableRandom rnd = new SplittableRandom(c.toString().hashCode());
    int lda = (c.transA ? c.m : c.k) + c.pad;
    int ldb = (c.transB ? c.k : c.n) + c.pad;
    int ldc = c.n + c.pad;
    float[] a = Close.random(rnd, c.off + (c.transA ? c.k : c.m) * lda);
    float[] b = Close.random(rnd, c.off + (c.transB ? c.n : c.k) * ldb);
    float[] cArr = Close.filled(c.off + c.m * ldc, SENTINEL);
    for (int i = 0; i < c.m; i++) {
      for (int j = 0; j < c.n; j++) {
        cArr[c.off + i * ldc + j] = c.beta == 0f ? Float.NaN : (float) (rnd.nextDouble() * 2 - 1);
      }
    }
    float[] bias = c.bias == BiasMode.NONE ? null
        : Close.random(rnd, c.off + (c.bias == BiasMode.PER_ROW ? c.m : c.n));
    Reference.Result ref = Reference.gemm(c.transA, c.transB, c.m, c.n, c.k, c.alpha, a, c.off, lda, b, c.off,
        ldb, c.beta, cArr, c.off, ldc, bias, c.off, c.bias == BiasMode.PER_ROW);
    Gemm.sgemm(c.transA, c.transB, c.m, c.n, c.k, c.alpha, a, c.off, lda, b, c.off, ldb, c.beta, cArr, c.off, ldc,
        bias, c.off, c.bias == BiasMode.PER_ROW, c.act);
    float[] got = new float[c.m * c.n];
    double[] expected = new double[c.m * c.n];
    for (int i = 0; i < c.m; i++) {
      for (int j = 0; j < c.n; j++) {
        got[i * c.n + j] = cArr[c.off + i * ldc + j];
        expected[i * c.n + j] = Reference.activate(c.act, ref.value()[i * c.n + j]);
      }
    }
    Close.assertClose(c.toString(), expected, ref.magnitude(), got, 0);
    for (int idx = 0; idx < cArr.length; idx++) {
      int rel = idx - c.off;
      boolean inside = rel >= 0 && rel % ldc < c.n && rel / ldc < c.m;
      if (!inside) {
        assertEquals(SENTINEL, cArr[idx], c + ": wrote outside C at index " + idx);
      }
    }
  }
}
