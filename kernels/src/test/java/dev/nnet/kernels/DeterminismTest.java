package dev.nnet.kernels;

import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Same inputs and thread count give the same bits, run after run; one and two threads agree within float
 * tolerance (and exactly where the work is split by rows, columns or planes rather than by k).
 */
class DeterminismTest {
  private final SplittableRandom rnd = new SplittableRandom(42);

  @AfterEach
  void restore() {
    Parallel.limitThreads(Parallel.poolSize());
  }

  /** One kernel call writing into a fresh output array. */
  interface Run {
    float[] apply();
  }

  @Test
  void gemmSplitByColumnsRowsAndDepth() {
    // m, n, k, and whether the split leaves each element's sum untouched (columns, rows, VectorDotGemm's tiles)
    // or not (depth: DotGemm takes the tiny C when VectorDotGemm is unavailable)
    int dot = VectorDotGemm.AVAILABLE ? 1 : 0;
    int[][] shapes = {{64, 512, 300, 1}, {300, 65, 70, 1}, {10, 25, 5000, dot}, {40, 300, 2100, 1}};
    for (int[] s : shapes) {
      int m = s[0];
      int n = s[1];
      int k = s[2];
      float[] a = Close.random(rnd, m * k);
      float[] b = Close.random(rnd, n * k);
      float[] bias = Close.random(rnd, n);
      Run run = () -> {
        float[] c = new float[m * n];
        Gemm.sgemm(false, true, m, n, k, 1f, a, 0, k, b, 0, k, 0f, c, 0, n, bias, 0, false, Activation.TANH);
        return c;
      };
      Reference.Result ref = Reference.gemm(false, true, m, n, k, 1f, a, 0, k, b, 0, k, 0f, null, 0, n, bias, 0,
          false);
      check("gemm " + m + "x" + n + "x" + k, run, ref.magnitude(), s[3] == 1);
    }
  }

  @Test
  void convolutionPasses() {
    Reference.Shape s = new Reference.Shape(10, 12, 12, 20, 5, 5, 1, 1, 0, 0, 1, 1, 1);
    int n = 16;
    Conv2d conv = s.build(n);
    float[] x = Close.random(rnd, n * s.inC() * s.h() * s.w());
    float[] w = Close.random(rnd, s.outC() * s.inC() * s.kH() * s.kW());
    float[] bias = Close.random(rnd, s.outC());
    float[] dy = Close.random(rnd, n * s.outC() * s.outH() * s.outW());
    check("conv forward", () -> {
      float[] y = new float[dy.length];
      conv.forward(n, x, 0, w, bias, y, 0, Activation.RELU);
      return y;
    }, Reference.convForward(s, n, x, w, bias).magnitude(), true);
    check("conv backwardData", () -> {
      float[] dx = new float[x.length];
      conv.backwardData(n, dy, 0, w, dx, 0);
      return dx;
    }, Reference.convBackwardData(s, n, dy, w).magnitude(), true);
    Reference.Result dwRef = Reference.convBackwardWeight(s, n, x, dy);
    check("conv backwardWeight", () -> {
      float[] grads = new float[w.length + s.outC()];
      float[] dW = new float[w.length];
      float[] dB = new float[s.outC()];
      conv.backwardWeight(n, x, 0, dy, 0, dW, dB, false);
      System.arraycopy(dW, 0, grads, 0, dW.length);
      System.arraycopy(dB, 0, grads, dW.length, dB.length);
      return grads;
    }, dwRef.magnitude(), VectorDotGemm.AVAILABLE); // weight GEMM 20x250, k=1024: tiles, else a depth split
  }

  @Test
  void poolingAndReduction() {
    Pool2d pool = new Pool2d(Pool2d.Kind.AVG, 10, 24, 24, 3, 3, 2, 2, 1, 1, true, false);
    int n = 8;
    float[] x = Close.random(rnd, n * 10 * 24 * 24);
    int outs = n * 10 * pool.outHeight() * pool.outWidth();
    double[] unit = new double[outs];
    java.util.Arrays.fill(unit, 1.0);
    check("avg pool", () -> {
      float[] y = new float[outs];
      pool.forward(n, x, 0, y, 0, null);
      return y;
    }, unit, true);
    float[] src = Close.random(rnd, 256 * 300);
    double[] mag = new double[300];
    java.util.Arrays.fill(mag, 256.0);
    check("sumRows", () -> {
      float[] dst = new float[300];
      Reduce.sumRows(256, 300, src, 0, dst, 0, false);
      return dst;
    }, mag, true);
  }

  private static void check(String what, Run run, double[] magnitude, boolean threadCountInvariant) {
    Parallel.limitThreads(2);
    float[] first = run.apply();
    float[] second = run.apply();
    Close.assertSameBits(what + " twice with 2 threads", first, second);
    Parallel.limitThreads(1);
    float[] single = run.apply();
    Close.assertAgree(what + " with 1 and 2 threads", single, first, magnitude);
    if (threadCountInvariant) {
      Close.assertSameBits(what + " with 1 and 2 threads", single, first);
    }
  }
}
