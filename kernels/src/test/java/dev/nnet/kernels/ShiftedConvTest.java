package dev.nnet.kernels;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link ShiftedConv} and {@link ShiftedWeightGradient}, forced: every pass against the double reference (batches
 * of 1, 2 and 5; one input channel as in the seeds' conv1, and odd shapes that reach the kernels' other paths),
 * the forward without a bias bit for bit equal to {@link DirectConv}'s with each activation and a residual (the
 * same sums, in the same order; with one, the sum starts at the bias), and the same bits at every thread count and
 * run. Without the Vector API the algorithm is refused.
 */
class ShiftedConvTest {
  static Stream<Reference.Shape> shapes() {
    return Stream.of(
        new Reference.Shape(1, 28, 28, 10, 5, 5, 1, 1, 0, 0, 1, 1, 1),   // mnist conv1: 8 + 2 channels
        new Reference.Shape(1, 28, 28, 6, 5, 5, 1, 1, 2, 2, 1, 1, 1),    // lenet conv1, padding 2: 4 + 2
        new Reference.Shape(1, 28, 28, 16, 5, 5, 1, 1, 0, 0, 1, 1, 1),   // resnet conv1: 8 + 8
        new Reference.Shape(1, 13, 11, 7, 5, 5, 1, 1, 2, 2, 1, 1, 1),    // odd plane (143, not whole vectors), 4+2+1
        new Reference.Shape(1, 17, 9, 3, 5, 5, 1, 1, 0, 1, 1, 1, 1),     // a plane under one tile (13x7)
        new Reference.Shape(3, 9, 17, 5, 3, 5, 1, 1, 0, 2, 1, 1, 1),     // 3 channels, 45 taps, non-square
        new Reference.Shape(2, 11, 12, 9, 3, 3, 1, 1, 2, 1, 2, 2, 1),    // dilation 2, 18 taps (3 past the 5s)
        new Reference.Shape(1, 6, 5, 2, 1, 1, 1, 1, 0, 0, 1, 1, 1));     // 1x1: one tap
  }

  static Stream<Arguments> cases() {
    return shapes().flatMap(s -> Stream.of(1, 2, 5).map(n -> Arguments.of(s, n)));
  }

  @ParameterizedTest(name = "{0} n={1}")
  @MethodSource("cases")
  void everyPassMatchesTheDoubleReference(Reference.Shape s, int n) {
    if (!MicroKernel.VECTOR) {
      KernelArgumentException e = assertThrows(KernelArgumentException.class,
          () -> DirectConvTest.build(s, n, false, Conv2d.Algorithm.SHIFTED));
      assertTrue(e.getMessage().contains("Vector API"), e.getMessage());
      return;
    }
    DirectConvTest.checkEveryPass(s, Conv2d.Algorithm.SHIFTED, n);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("shapes")
  void forwardWithoutBiasEqualsTheDirectOneBitForBitWithEachActivation(Reference.Shape s) {
    if (!MicroKernel.VECTOR) {
      return; // refused above
    }
    int n = 3;
    SplittableRandom rnd = new SplittableRandom(s.hashCode());
    float[] x = Close.random(rnd, n * s.inC() * s.h() * s.w());
    float[] w = Close.random(rnd, s.outC() * s.inC() * s.kH() * s.kW());
    float[] residual = Close.random(rnd, n * s.outC() * s.outH() * s.outW());
    Conv2d shifted = DirectConvTest.build(s, n, false, Conv2d.Algorithm.SHIFTED);
    Conv2d direct = DirectConvTest.build(s, n, false, Conv2d.Algorithm.DIRECT);
    for (Activation act : Activation.values()) {
      for (float[] r : new float[][] {null, residual}) {
        float[] got = new float[residual.length];
        float[] want = new float[residual.length];
        shifted.forward(n, x, 0, w, null, r, 0, got, 0, act);
        direct.forward(n, x, 0, w, null, r, 0, want, 0, act);
        Close.assertSameBits(s + " " + act + (r == null ? "" : " residual"), want, got);
      }
    }
  }

  @Test
  void resultsAreTheSameOnEveryRunAndThreadCount() {
    if (!MicroKernel.VECTOR) {
      return; // refused above
    }
    Reference.Shape s = new Reference.Shape(1, 28, 28, 10, 5, 5, 1, 1, 2, 2, 1, 1, 1);
    int n = 19; // more than two folds, uneven between threads
    SplittableRandom rnd = new SplittableRandom(23);
    float[] x = Close.random(rnd, n * 28 * 28);
    float[] w = Close.random(rnd, 10 * 25);
    float[] bias = Close.random(rnd, 10);
    float[] dy = Close.random(rnd, n * 10 * 28 * 28);
    Close.assertSameBitsAtEveryThreadCount(() -> {
      Conv2d conv = DirectConvTest.build(s, n, true, Conv2d.Algorithm.SHIFTED);
      float[] y = new float[dy.length];
      float[] dW = new float[w.length];
      float[] dB = new float[10];
      conv.forward(n, x, 0, w, bias, y, 0, Activation.RELU);
      conv.backwardWeightFromForward(n, dy, 0, dW, dB, false);
      return new float[][] {y, dW, dB};
    });
  }

  @Test
  void autoRunsItOnlyForOneInputChannelAndAFiveByFiveKernel() {
    for (int pad : new int[] {0, 2}) {
      ConvChoice conv1 = ConvChoice.of(new ConvGeometry(1, 28, 28, 10, 5, 5, 1, 1, pad, pad, 1, 1, 1), 64,
          Conv2d.Algorithm.AUTO, true);
      assertTrue(conv1.shiftedForward() == MicroKernel.VECTOR && conv1.shiftedWeight() == MicroKernel.VECTOR);
      assertFalse(conv1.directForward() || conv1.directWeight() || conv1.implicit().forward()
          || conv1.implicit().weight());
    }
    ConvChoice dilated = ConvChoice.of(new ConvGeometry(1, 28, 28, 10, 5, 5, 1, 1, 0, 0, 2, 2, 1), 64,
        Conv2d.Algorithm.AUTO, true);
    assertFalse(dilated.shiftedForward() || dilated.shiftedWeight());
    ConvChoice threeByThree = ConvChoice.of(new ConvGeometry(1, 28, 28, 10, 3, 3, 1, 1, 0, 0, 1, 1, 1), 64,
        Conv2d.Algorithm.AUTO, true);
    assertFalse(threeByThree.shiftedForward() || threeByThree.shiftedWeight());
    ConvChoice twoChannels = ConvChoice.of(new ConvGeometry(2, 28, 28, 10, 5, 5, 1, 1, 0, 0, 1, 1, 1), 64,
        Conv2d.Algorithm.AUTO, true);
    assertFalse(twoChannels.shiftedForward() || twoChannels.shiftedWeight());
  }
}
