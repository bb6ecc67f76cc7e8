package dev.nnet.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class Conv2dTest {
  private static final int OFF = 5;

  static Stream<Reference.Shape> shapes() {
    return Stream.of(
        new Reference.Shape(1, 28, 28, 10, 5, 5, 1, 1, 0, 0, 1, 1, 1),   // mnist conv1
        new Reference.Shape(10, 12, 12, 20, 5, 5, 1, 1, 0, 0, 1, 1, 1),  // mnist conv2
        new Reference.Shape(3, 7, 9, 4, 3, 3, 2, 2, 1, 1, 1, 1, 1),      // stride and padding
        new Reference.Shape(2, 9, 8, 3, 3, 2, 1, 1, 2, 1, 2, 1, 1),      // dilation, non-square kernel
        new Reference.Shape(4, 6, 7, 6, 3, 3, 1, 1, 1, 1, 1, 1, 2),      // groups
        new Reference.Shape(3, 5, 5, 3, 3, 3, 1, 1, 1, 1, 1, 1, 3),      // depthwise
        new Reference.Shape(2, 13, 7, 5, 1, 5, 2, 1, 0, 2, 1, 1, 1),     // 1x5, stride 2 on rows only
        new Reference.Shape(6, 5, 4, 7, 1, 1, 1, 1, 0, 0, 1, 1, 1),      // 1x1
        new Reference.Shape(2, 6, 7, 3, 3, 3, 1, 1, 2, 2, 2, 2, 1),      // "same" output with dilation 2
        new Reference.Shape(4, 12, 12, 5, 3, 3, 1, 1, 1, 1, 1, 1, 1),    // residual 3x3 "same" (whole-plane runs)
        new Reference.Shape(2, 9, 13, 3, 5, 5, 1, 1, 2, 2, 1, 1, 1),     // 5x5 "same", two padded columns a side
        new Reference.Shape(2, 10, 9, 3, 3, 3, 1, 1, 2, 2, 2, 2, 1),     // "same" with dilation 2, plane of 90
        new Reference.Shape(2, 4, 5, 3, 3, 3, 1, 2, 3, 3, 1, 1, 1),      // padding past the kernel's reach
        new Reference.Shape(2, 11, 11, 2, 2, 2, 3, 3, 0, 0, 1, 1, 1),    // stride larger than the kernel
        new Reference.Shape(16, 32, 32, 4, 3, 3, 1, 1, 1, 1, 1, 1, 2));  // several chunks per batch
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("shapes")
  void forwardMatchesDirectConvolution(Reference.Shape s) {
    int maxBatch = 9;
    int n = 7; // less than maxBatch: a partial last batch
    SplittableRandom rnd = new SplittableRandom(s.hashCode());
    Conv2d conv = s.build(maxBatch);
    assertEquals(s.outH(), conv.outHeight());
    assertEquals(s.outW(), conv.outWidth());
    float[] x = Close.random(rnd, OFF + n * s.inC() * s.h() * s.w());
    float[] w = Close.random(rnd, s.outC() * s.inC() / s.groups() * s.kH() * s.kW());
    float[] bias = Close.random(rnd, s.outC());
    int outSize = n * s.outC() * s.outH() * s.outW();
    for (Activation act : new Activation[] {Activation.NONE, Activation.RELU}) {
      for (float[] b : new float[][] {null, bias}) {
        float[] y = Close.filled(OFF + outSize + 3, Float.NaN);
        conv.forward(n, x, OFF, w, b, y, OFF, act);
        Reference.Result ref = Reference.convForward(s, n, shifted(x), w, b);
        double[] expected = ref.value().clone();
        for (int i = 0; i < expected.length; i++) {
          expected[i] = Reference.activate(act, expected[i]);
        }
        Close.assertClose(s + " forward bias=" + (b != null) + " " + act, expected, ref.magnitude(), y, OFF);
        assertTrue(Float.isNaN(y[OFF - 1]) && Float.isNaN(y[OFF + outSize]), "wrote outside y");
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("shapes")
  void backwardDataMatchesScatteredGradient(Reference.Shape s) {
    int n = 8;
    SplittableRandom rnd = new SplittableRandom(s.hashCode() + 1);
    Conv2d conv = s.build(9);
    float[] dy = Close.random(rnd, OFF + n * s.outC() * s.outH() * s.outW());
    float[] w = Close.random(rnd, s.outC() * s.inC() / s.groups() * s.kH() * s.kW());
    int inSize = n * s.inC() * s.h() * s.w();
    float[] dx = Close.filled(OFF + inSize + 1, Float.NaN); // overwritten, so garbage must not leak through
    conv.backwardData(n, dy, OFF, w, dx, OFF);
    Reference.Result ref = Reference.convBackwardData(s, n, shifted(dy), w);
    Close.assertClose(s + " backwardData", ref.value(), ref.magnitude(), dx, OFF);
    assertTrue(Float.isNaN(dx[OFF - 1]) && Float.isNaN(dx[OFF + inSize]), "wrote outside dx");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("shapes")
  void backwardWeightOverwritesOrAccumulates(Reference.Shape s) {
    int n = 8;
    SplittableRandom rnd = new SplittableRandom(s.hashCode() + 2);
    Conv2d conv = s.build(9);
    float[] x = Close.random(rnd, OFF + n * s.inC() * s.h() * s.w());
    float[] dy = Close.random(rnd, OFF + n * s.outC() * s.outH() * s.outW());
    Reference.Result ref = Reference.convBackwardWeight(s, n, shifted(x), shifted(dy));
    int weights = s.outC() * s.inC() / s.groups() * s.kH() * s.kW();
    double[] expectedW = java.util.Arrays.copyOfRange(ref.value(), 0, weights);
    double[] magW = java.util.Arrays.copyOfRange(ref.magnitude(), 0, weights);
    double[] expectedB = java.util.Arrays.copyOfRange(ref.value(), weights, weights + s.outC());
    double[] magB = java.util.Arrays.copyOfRange(ref.magnitude(), weights, weights + s.outC());

    float[] dW = Close.filled(weights, Float.NaN);
    float[] dB = Close.filled(s.outC(), Float.NaN);
    conv.backwardWeight(n, x, OFF, dy, OFF, dW, dB, false);
    Close.assertClose(s + " dWeight", expectedW, magW, dW, 0);
    Close.assertClose(s + " dBias", expectedB, magB, dB, 0);

    // accumulate adds onto what is there: start from 0.5 everywhere.
    float[] dW2 = Close.filled(weights, 0.5f);
    float[] dB2 = Close.filled(s.outC(), 0.5f);
    conv.backwardWeight(n, x, OFF, dy, OFF, dW2, dB2, true);
    Close.assertClose(s + " dWeight accumulated", plus(expectedW, 0.5), plusOne(magW), dW2, 0);
    Close.assertClose(s + " dBias accumulated", plus(expectedB, 0.5), plusOne(magB), dB2, 0);

    // a null dBias leaves the weight gradient unchanged
    float[] dW3 = Close.filled(weights, Float.NaN);
    conv.backwardWeight(n, x, OFF, dy, OFF, dW3, null, false);
    Close.assertClose(s + " dWeight without bias", expectedW, magW, dW3, 0);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("shapes")
  void weightGradientFromKeptColumnsEqualsTheOneFromX(Reference.Shape s) {
    int n = 7;
    SplittableRandom rnd = new SplittableRandom(s.hashCode() + 3);
    Conv2d plain = s.build(9);
    Conv2d keeping = s.build(9, true);
    float[] x = Close.random(rnd, OFF + n * s.inC() * s.h() * s.w());
    float[] w = Close.random(rnd, s.outC() * s.inC() / s.groups() * s.kH() * s.kW());
    float[] dy = Close.random(rnd, OFF + n * s.outC() * s.outH() * s.outW());
    float[] y = new float[dy.length];
    keeping.forward(n, x, OFF, w, null, y, OFF, Activation.NONE);
    // backwardData in between must not touch the kept columns; nor may later changes to x
    float[] dx = new float[x.length];
    keeping.backwardData(n, dy, OFF, w, dx, OFF);
    float[] xBefore = x.clone();
    java.util.Arrays.fill(x, 3f);
    for (boolean accumulate : new boolean[] {false, true}) {
      float[] expectedW = Close.filled(w.length, 0.5f);
      float[] expectedB = Close.filled(s.outC(), 0.5f);
      plain.backwardWeight(n, xBefore, OFF, dy, OFF, expectedW, expectedB, accumulate);
      float[] dW = Close.filled(w.length, 0.5f);
      float[] dB = Close.filled(s.outC(), 0.5f);
      keeping.backwardWeightFromForward(n, dy, OFF, dW, dB, accumulate);
      Close.assertSameBits(s + " dWeight accumulate=" + accumulate, expectedW, dW);
      Close.assertSameBits(s + " dBias accumulate=" + accumulate, expectedB, dB);
    }
    float[] dxPlain = new float[x.length];
    plain.backwardData(n, dy, OFF, w, dxPlain, OFF);
    Close.assertSameBits(s + " backwardData with kept columns", dxPlain, dx);
  }

  @Test
  void weightGradientFromForwardNeedsKeptColumnsOfTheSameBatch() {
    Reference.Shape s = new Reference.Shape(2, 6, 6, 3, 3, 3, 1, 1, 1, 1, 1, 1, 1);
    float[] dy = new float[4 * 3 * 36];
    float[] dW = new float[3 * 2 * 9];
    KernelArgumentException e = assertThrows(KernelArgumentException.class,
        () -> s.build(4).backwardWeightFromForward(2, dy, 0, dW, null, false));
    assertTrue(e.getMessage().contains("keepColumns"), e.getMessage());
    Conv2d keeping = s.build(4, true);
    e = assertThrows(KernelArgumentException.class, () -> keeping.backwardWeightFromForward(2, dy, 0, dW, null, false));
    assertTrue(e.getMessage().contains("no forward call yet"), e.getMessage());
    keeping.forward(3, new float[3 * 2 * 36], 0, new float[3 * 2 * 9], null, new float[3 * 3 * 36], 0,
        Activation.NONE);
    e = assertThrows(KernelArgumentException.class, () -> keeping.backwardWeightFromForward(2, dy, 0, dW, null, false));
    assertTrue(e.getMessage().contains("for n = 3"), e.getMessage());
  }

  @Test
  void handComputedForward() {
    // 1 channel 3x3 image 1..9, 2x2 kernel of ones, stride 1: each output is the sum of a 2x2 window.
    Conv2d conv = new Conv2d(1, 1, 3, 3, 1, 2, 2, 1, 1, 0, 0, 1, 1, 1);
    float[] y = new float[4];
    conv.forward(1, new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, 0, new float[] {1, 1, 1, 1}, new float[] {-20}, y, 0,
        Activation.RELU);
    assertEquals(java.util.List.of(0f, 0f, 4f, 8f), java.util.List.of(y[0], y[1], y[2], y[3]));
  }

  @Test
  void emptyBatchWithoutAccumulateClearsTheGradients() {
    Conv2d conv = new Conv2d(4, 2, 5, 5, 3, 3, 3, 1, 1, 1, 1, 1, 1, 1);
    float[] dW = Close.filled(3 * 2 * 9, 7f);
    float[] dB = Close.filled(3, 7f);
    conv.backwardWeight(0, new float[0], 0, new float[0], 0, dW, dB, false);
    for (float v : dW) {
      assertEquals(0f, v);
    }
    assertEquals(0f, dB[2]);
  }

  @Test
  void rejectsBadGeometryAndBatches() {
    KernelArgumentException e = assertThrows(KernelArgumentException.class,
        () -> new Conv2d(1, 3, 8, 8, 4, 3, 3, 1, 1, 0, 0, 1, 1, 2));
    assertTrue(e.getMessage().contains("groups is 2"), e.getMessage());
    e = assertThrows(KernelArgumentException.class, () -> new Conv2d(1, 1, 4, 4, 1, 5, 5, 1, 1, 0, 0, 1, 1, 1));
    assertTrue(e.getMessage().contains("smaller than the dilated kernel"), e.getMessage());
    Conv2d conv = new Conv2d(2, 1, 4, 4, 1, 3, 3, 1, 1, 0, 0, 1, 1, 1);
    e = assertThrows(KernelArgumentException.class,
        () -> conv.forward(3, new float[48], 0, new float[9], null, new float[12], 0, Activation.NONE));
    assertTrue(e.getMessage().contains("batch size 3"), e.getMessage());
    e = assertThrows(KernelArgumentException.class,
        () -> conv.forward(2, new float[31], 0, new float[9], null, new float[8], 0, Activation.NONE));
    assertTrue(e.getMessage().contains("x needs 32"), e.getMessage());
  }

  /** The reference reads from index 0; the kernels were given the data at OFF. */
  private static float[] shifted(float[] a) {
    return java.util.Arrays.copyOfRange(a, OFF, a.length);
  }

  private static double[] plus(double[] a, double v) {
    double[] r = a.clone();
    for (int i = 0; i < r.length; i++) {
      r[i] += v;
    }
    return r;
  }

  private static double[] plusOne(double[] magnitude) {
    return plus(magnitude, 1.0);
  }
}
