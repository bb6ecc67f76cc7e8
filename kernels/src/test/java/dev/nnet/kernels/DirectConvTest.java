package dev.nnet.kernels;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each convolution algorithm, forced, against the double-precision reference on odd sizes, with the tolerance of
 * {@link Conv2dTest}. The direct algorithm needs the Vector API: the surefire run with the module tests it, the
 * plain run checks that it is refused there and that the rule falls back to im2col + GEMM.
 */
class DirectConvTest {
  private static final int OFF = 3;

  static Stream<Reference.Shape> shapes() {
    return Stream.of(
        new Reference.Shape(1, 28, 28, 10, 5, 5, 1, 1, 0, 0, 1, 1, 1),   // mnist conv1
        new Reference.Shape(1, 32, 32, 6, 5, 5, 1, 1, 0, 0, 1, 1, 1),    // lenet conv1
        new Reference.Shape(10, 12, 12, 20, 5, 5, 1, 1, 0, 0, 1, 1, 1),  // mnist conv2
        new Reference.Shape(1, 13, 11, 7, 3, 3, 1, 1, 1, 1, 1, 1, 1),    // odd sizes, "same", 7 channels (4 + 3)
        new Reference.Shape(3, 9, 17, 5, 3, 5, 1, 1, 0, 2, 1, 1, 1),     // non-square kernel, padding on columns
        new Reference.Shape(2, 11, 7, 3, 3, 3, 1, 1, 2, 1, 2, 2, 1),     // dilation 2
        new Reference.Shape(5, 6, 5, 9, 1, 1, 1, 1, 0, 0, 1, 1, 1),      // 1x1
        new Reference.Shape(2, 5, 6, 3, 3, 3, 1, 1, 3, 3, 1, 1, 1));     // padding past the kernel's reach
  }

  static Stream<Object[]> cases() {
    return shapes().flatMap(s -> Stream.of(new Object[] {s, Conv2d.Algorithm.GEMM},
        new Object[] {s, Conv2d.Algorithm.DIRECT}, new Object[] {s, Conv2d.Algorithm.AUTO}));
  }

  static Conv2d build(Reference.Shape s, int maxBatch, boolean keep, Conv2d.Algorithm algorithm) {
    return new Conv2d(maxBatch, s.inC(), s.h(), s.w(), s.outC(), s.kH(), s.kW(), s.sH(), s.sW(), s.pH(), s.pW(),
        s.dH(), s.dW(), s.groups(), keep, algorithm);
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("cases")
  void everyPassMatchesTheDoubleReference(Reference.Shape s, Conv2d.Algorithm algorithm) {
    if (algorithm == Conv2d.Algorithm.DIRECT && !MicroKernel.VECTOR) {
      KernelArgumentException e = assertThrows(KernelArgumentException.class, () -> build(s, 7, false, algorithm));
      assertTrue(e.getMessage().contains("Vector API"), e.getMessage());
      return;
    }
    checkEveryPass(s, algorithm, 7);
  }

  /**
   * Forward, data gradient and weight gradient (accumulated, with and without kept columns, x overwritten after
   * forward) of n samples against the double reference; shared with {@link WinogradConvTest}.
   */
  static void checkEveryPass(Reference.Shape s, Conv2d.Algorithm algorithm, int n) {
    SplittableRandom rnd = new SplittableRandom(s.hashCode() + algorithm.ordinal());
    float[] x = Close.random(rnd, OFF + n * s.inC() * s.h() * s.w());
    float[] w = Close.random(rnd, s.outC() * s.inC() * s.kH() * s.kW());
    float[] bias = Close.random(rnd, s.outC());
    float[] dy = Close.random(rnd, OFF + n * s.outC() * s.outH() * s.outW());
    for (boolean keep : new boolean[] {false, true}) {
      Conv2d conv = build(s, n + 2, keep, algorithm);
      int outSize = n * s.outC() * s.outH() * s.outW();
      float[] y = Close.filled(OFF + outSize + 1, Float.NaN);
      conv.forward(n, x, OFF, w, bias, y, OFF, Activation.NONE);
      Reference.Result fwd = Reference.convForward(s, n, shift(x), w, bias);
      Close.assertClose(s + " " + algorithm + " forward", fwd.value(), fwd.magnitude(), y, OFF);
      assertTrue(Float.isNaN(y[OFF - 1]) && Float.isNaN(y[OFF + outSize]), "forward wrote outside y");

      int inSize = n * s.inC() * s.h() * s.w();
      float[] dx = Close.filled(OFF + inSize + 1, Float.NaN);
      conv.backwardData(n, dy, OFF, w, dx, OFF);
      Reference.Result data = Reference.convBackwardData(s, n, shift(dy), w);
      Close.assertClose(s + " " + algorithm + " backwardData", data.value(), data.magnitude(), dx, OFF);
      assertTrue(Float.isNaN(dx[OFF - 1]) && Float.isNaN(dx[OFF + inSize]), "backwardData wrote outside dx");

      Reference.Result grad = Reference.convBackwardWeight(s, n, shift(x), shift(dy));
      int weights = w.length;
      float[] dW = Close.filled(weights, 0.5f);
      float[] dB = Close.filled(s.outC(), 0.5f);
      if (keep) {
        float[] original = x.clone();
        Arrays.fill(x, 9f); // what forward kept must be read, not x, which may change after forward
        conv.backwardWeightFromForward(n, dy, OFF, dW, dB, true);
        System.arraycopy(original, 0, x, 0, x.length);
      } else {
        conv.backwardWeight(n, x, OFF, dy, OFF, dW, dB, true);
      }
      double[] expectedW = plusHalf(Arrays.copyOfRange(grad.value(), 0, weights));
      double[] magW = plusOne(Arrays.copyOfRange(grad.magnitude(), 0, weights));
      Close.assertClose(s + " " + algorithm + " dWeight keep=" + keep, expectedW, magW, dW, 0);
      double[] expectedB = plusHalf(Arrays.copyOfRange(grad.value(), weights, weights + s.outC()));
      double[] magB = plusOne(Arrays.copyOfRange(grad.magnitude(), weights, weights + s.outC()));
      Close.assertClose(s + " " + algorithm + " dBias keep=" + keep, expectedB, magB, dB, 0);
    }
  }

  @Test
  void directResultsAreTheSameOnEveryRunAndThreadCount() {
    if (!MicroKernel.VECTOR) {
      assertTrue(ConvChoice.DIRECT_WEIGHT_TAPS > 0); // the plain run has no direct algorithm to repeat
      return;
    }
    Reference.Shape s = new Reference.Shape(1, 28, 28, 10, 5, 5, 1, 1, 0, 0, 1, 1, 1);
    int n = 16;
    SplittableRandom rnd = new SplittableRandom(11);
    float[] x = Close.random(rnd, n * 28 * 28);
    float[] w = Close.random(rnd, 10 * 25);
    float[] dy = Close.random(rnd, n * 10 * 24 * 24);
    float[][] first = null;
    try {
      for (int threads = 1; threads <= Parallel.poolSize(); threads++) {
        Parallel.limitThreads(threads);
        for (int run = 0; run < 2; run++) {
          Conv2d conv = build(s, n, false, Conv2d.Algorithm.DIRECT);
          float[] y = new float[dy.length];
          float[] dx = new float[x.length];
          float[] dW = new float[w.length];
          float[] dB = new float[10];
          conv.forward(n, x, 0, w, null, y, 0, Activation.RELU);
          conv.backwardData(n, dy, 0, w, dx, 0);
          conv.backwardWeight(n, x, 0, dy, 0, dW, dB, false);
          float[][] now = {y, dx, dW, dB};
          if (first == null) {
            first = now;
          }
          for (int i = 0; i < now.length; i++) {
            Close.assertSameBits("result " + i + " with " + threads + " threads, run " + run, first[i], now[i]);
          }
        }
      }
    } finally {
      Parallel.limitThreads(Parallel.poolSize());
    }
  }

  private static float[] shift(float[] a) {
    return Arrays.copyOfRange(a, OFF, a.length);
  }

  private static double[] plusHalf(double[] a) {
    double[] r = a.clone();
    for (int i = 0; i < r.length; i++) {
      r[i] += 0.5;
    }
    return r;
  }

  private static double[] plusOne(double[] a) {
    double[] r = a.clone();
    for (int i = 0; i < r.length; i++) {
      r[i] += 1;
    }
    return r;
  }
}
