package dev.nnet.kernels;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The implicit GEMM, forced, against the double-precision reference on odd sizes (every pass, with and without
 * kept columns), bit for bit against im2col + GEMM for the forward and data gradient (same chains of FMAs), and
 * bit-identical across runs and thread counts. It needs the Vector API: the plain surefire run checks that it is
 * refused there.
 */
class ImplicitGemmTest {
  private static final int OFF = 3;

  static Stream<Reference.Shape> shapes() {
    return Stream.of(
        new Reference.Shape(10, 12, 12, 20, 5, 5, 1, 1, 0, 0, 1, 1, 1),  // mnist conv2: K = 250, not whole tiles
        new Reference.Shape(6, 14, 14, 16, 5, 5, 1, 1, 0, 0, 1, 1, 1),   // lenet conv2: 100 positions, a tail
        new Reference.Shape(16, 12, 12, 32, 5, 5, 1, 1, 0, 0, 1, 1, 1),  // resnet conv2
        new Reference.Shape(16, 12, 12, 16, 3, 3, 1, 1, 1, 1, 1, 1, 1),  // resnet block, whole-plane runs
        new Reference.Shape(5, 4, 4, 7, 3, 3, 1, 1, 1, 1, 1, 1, 1),      // 4×4 planes, 7 channels (4 + 3)
        new Reference.Shape(1, 13, 11, 7, 3, 3, 1, 1, 1, 1, 1, 1, 1),    // odd sizes, "same", 9 taps
        new Reference.Shape(3, 9, 17, 5, 3, 5, 1, 1, 0, 2, 1, 1, 1),     // non-square kernel, padding on columns
        new Reference.Shape(2, 11, 7, 3, 3, 3, 1, 1, 2, 1, 2, 2, 1),     // dilation 2
        new Reference.Shape(3, 13, 12, 6, 3, 3, 2, 3, 1, 0, 1, 1, 1),    // strides 2 and 3
        new Reference.Shape(5, 8, 8, 9, 1, 1, 1, 1, 0, 0, 1, 1, 1),      // 1x1, 64 positions
        new Reference.Shape(2, 5, 6, 3, 3, 3, 1, 1, 3, 3, 1, 1, 1));     // padding past the kernel's reach
  }

  private static Conv2d build(Reference.Shape s, int maxBatch, boolean keep, Conv2d.Algorithm algorithm) {
    return new Conv2d(maxBatch, s.inC(), s.h(), s.w(), s.outC(), s.kH(), s.kW(), s.sH(), s.sW(), s.pH(), s.pW(),
        s.dH(), s.dW(), s.groups(), keep, algorithm);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("shapes")
  void everyPassMatchesTheDoubleReferenceAndGemmBits(Reference.Shape s) {
    if (!MicroKernel.VECTOR) {
      KernelArgumentException e = assertThrows(KernelArgumentException.class,
          () -> build(s, 7, false, Conv2d.Algorithm.IMPLICIT));
      assertTrue(e.getMessage().contains("Vector API"), e.getMessage());
      return;
    }
    int n = 7;
    SplittableRandom rnd = new SplittableRandom(s.hashCode());
    float[] x = Close.random(rnd, OFF + n * s.inC() * s.h() * s.w());
    float[] w = Close.random(rnd, s.outC() * s.inC() * s.kH() * s.kW());
    float[] bias = Close.random(rnd, s.outC());
    float[] dy = Close.random(rnd, OFF + n * s.outC() * s.outH() * s.outW());
    Conv2d gemm = build(s, 9, false, Conv2d.Algorithm.GEMM);
    int outSize = n * s.outC() * s.outH() * s.outW();
    int inSize = n * s.inC() * s.h() * s.w();
    float[] gemmY = new float[OFF + outSize];
    gemm.forward(n, x, OFF, w, bias, gemmY, OFF, Activation.RELU);
    float[] gemmDx = new float[OFF + inSize];
    gemm.backwardData(n, dy, OFF, w, gemmDx, OFF);
    for (boolean keep : new boolean[] {false, true}) {
      Conv2d conv = build(s, 9, keep, Conv2d.Algorithm.IMPLICIT);
      float[] y = Close.filled(OFF + outSize + 1, Float.NaN);
      conv.forward(n, x, OFF, w, bias, y, OFF, Activation.NONE);
      Reference.Result fwd = Reference.convForward(s, n, shift(x), w, bias);
      Close.assertClose(s + " forward", fwd.value(), fwd.magnitude(), y, OFF);
      assertTrue(Float.isNaN(y[OFF - 1]) && Float.isNaN(y[OFF + outSize]), "forward wrote outside y");
      conv.forward(n, x, OFF, w, bias, y, OFF, Activation.RELU);
      Close.assertSameBits(s + " forward (ReLU) against im2col + GEMM", Arrays.copyOfRange(gemmY, OFF, OFF + outSize),
          Arrays.copyOfRange(y, OFF, OFF + outSize));

      float[] dx = Close.filled(OFF + inSize + 1, Float.NaN);
      conv.backwardData(n, dy, OFF, w, dx, OFF);
      Reference.Result data = Reference.convBackwardData(s, n, shift(dy), w);
      Close.assertClose(s + " backwardData", data.value(), data.magnitude(), dx, OFF);
      assertTrue(Float.isNaN(dx[OFF - 1]) && Float.isNaN(dx[OFF + inSize]), "backwardData wrote outside dx");
      Close.assertSameBits(s + " backwardData against col2im + GEMM", Arrays.copyOfRange(gemmDx, OFF, OFF + inSize),
          Arrays.copyOfRange(dx, OFF, OFF + inSize));

      Reference.Result grad = Reference.convBackwardWeight(s, n, shift(x), shift(dy));
      int weights = w.length;
      for (boolean accumulate : new boolean[] {false, true}) {
        float[] dW = Close.filled(weights, accumulate ? 0.5f : Float.NaN);
        float[] dB = Close.filled(s.outC(), accumulate ? 0.5f : Float.NaN);
        if (keep) {
          float[] original = x.clone();
          Arrays.fill(x, 9f); // what forward kept must be read, not x, which may change after forward
          conv.backwardWeightFromForward(n, dy, OFF, dW, dB, accumulate);
          System.arraycopy(original, 0, x, 0, x.length);
        } else {
          conv.backwardWeight(n, x, OFF, dy, OFF, dW, dB, accumulate);
        }
        double add = accumulate ? 0.5 : 0;
        Close.assertClose(s + " dWeight keep=" + keep + " accumulate=" + accumulate,
            plus(Arrays.copyOfRange(grad.value(), 0, weights), add),
            plus(Arrays.copyOfRange(grad.magnitude(), 0, weights), 2 * add), dW, 0);
        Close.assertClose(s + " dBias keep=" + keep + " accumulate=" + accumulate,
            plus(Arrays.copyOfRange(grad.value(), weights, weights + s.outC()), add),
            plus(Arrays.copyOfRange(grad.magnitude(), weights, weights + s.outC()), 2 * add), dB, 0);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("repeated")
  void resultsAreTheSameOnEveryRunAndThreadCount(Reference.Shape s) {
    if (!MicroKernel.VECTOR) {
      assertThrows(KernelArgumentException.class, () -> build(s, 4, false, Conv2d.Algorithm.IMPLICIT));
      return;
    }
    int n = 13;
    SplittableRandom rnd = new SplittableRandom(12);
    float[] x = Close.random(rnd, n * s.inC() * s.h() * s.w());
    float[] w = Close.random(rnd, s.outC() * s.inC() * s.kH() * s.kW());
    float[] b = Close.random(rnd, s.outC());
    float[] dy = Close.random(rnd, n * s.outC() * s.outH() * s.outW());
    float[][] first = null;
    try {
      for (int threads = 1; threads <= Parallel.poolSize(); threads++) {
        Parallel.limitThreads(threads);
        for (int run = 0; run < 2; run++) {
          Conv2d conv = build(s, n, run == 1, Conv2d.Algorithm.IMPLICIT);
          float[] y = new float[dy.length];
          float[] dx = new float[x.length];
          float[] dW = new float[w.length];
          float[] dB = new float[s.outC()];
          conv.forward(n, x, 0, w, b, y, 0, Activation.RELU);
          conv.backwardData(n, dy, 0, w, dx, 0);
          if (run == 1) {
            conv.backwardWeightFromForward(n, dy, 0, dW, dB, false);
          } else {
            conv.backwardWeight(n, x, 0, dy, 0, dW, dB, false);
          }
          float[][] now = {y, dx, dW, dB};
          if (first == null) {
            first = now;
          }
          for (int i = 0; i < now.length; i++) {
            Close.assertSameBits(s + " result " + i + " with " + threads + " threads, run " + run, first[i],
                now[i]);
          }
        }
      }
    } finally {
      Parallel.limitThreads(Parallel.poolSize());
    }
  }

  /** resnet conv2 (planes of whole vectors, dy read in place) and lenet conv2 (10×10 planes, dy copied). */
  static Stream<Reference.Shape> repeated() {
    return Stream.of(new Reference.Shape(16, 12, 12, 32, 5, 5, 1, 1, 0, 0, 1, 1, 1),
        new Reference.Shape(6, 14, 14, 16, 5, 5, 1, 1, 0, 0, 1, 1, 1));
  }

  private static float[] shift(float[] a) {
    return Arrays.copyOfRange(a, OFF, a.length);
  }

  private static double[] plus(double[] a, double v) {
    double[] r = a.clone();
    for (int i = 0; i < r.length; i++) {
      r[i] += v;
    }
    return r;
  }
}
