package dev.nnet.kernels;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The residual forward, {@code act(conv + bias + residual)}, on each algorithm forced: bit for bit what the
 * compiler's unfused code computes (the convolution into y, then {@code y = act(r + y)} in a loop of its own).
 * Forced algorithms other than GEMM need the Vector API; the plain run checks they are refused there.
 */
class ConvResidualTest {
  private static final int OFF = 4;

  static Stream<Reference.Shape> shapes() {
    return Stream.of(
        new Reference.Shape(16, 12, 12, 16, 3, 3, 1, 1, 1, 1, 1, 1, 1),  // mnist-resnet rblock1 (Winograd)
        new Reference.Shape(32, 4, 4, 32, 3, 3, 1, 1, 1, 1, 1, 1, 1),    // mnist-resnet rblock2
        new Reference.Shape(3, 7, 9, 5, 3, 3, 1, 1, 1, 1, 1, 1, 1),      // odd sizes, 5 channels
        new Reference.Shape(2, 9, 13, 3, 5, 5, 1, 1, 2, 2, 1, 1, 1),     // 5x5 "same"
        new Reference.Shape(3, 9, 9, 4, 3, 3, 2, 2, 1, 1, 1, 1, 1),      // stride 2 (GEMM only)
        new Reference.Shape(4, 6, 7, 6, 3, 3, 1, 1, 1, 1, 1, 1, 2),      // groups (GEMM only)
        new Reference.Shape(16, 32, 32, 4, 3, 3, 1, 1, 1, 1, 1, 1, 2));  // several GEMM chunks per batch
  }

  static Stream<Object[]> cases() {
    return shapes().flatMap(s -> Stream.of(Conv2d.Algorithm.values()).map(a -> new Object[] {s, a}));
  }

  /** Whether the algorithm can be forced on this shape given the Vector API (the constructor's own rules). */
  private static boolean applies(Reference.Shape s, Conv2d.Algorithm a) {
    boolean unit = s.sH() == 1 && s.sW() == 1 && s.groups() == 1;
    switch (a) {
      case DIRECT:
      case SHIFTED:
        return unit;
      case WINOGRAD:
        return unit && s.kH() == 3 && s.kW() == 3 && s.pH() == 1 && s.pW() == 1 && s.dH() == 1 && s.dW() == 1;
      case IMPLICIT:
        return s.groups() == 1;
      case LANES:
        return unit && s.dH() == 1 && s.dW() == 1;
      default:
        return true;
    }
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("cases")
  void residualEpilogueEqualsTheUnfusedLoopBitForBit(Reference.Shape s, Conv2d.Algorithm algorithm) {
    boolean forced = algorithm != Conv2d.Algorithm.AUTO && algorithm != Conv2d.Algorithm.GEMM;
    if (!applies(s, algorithm) || forced && !MicroKernel.VECTOR) {
      assertThrows(KernelArgumentException.class, () -> DirectConvTest.build(s, 7, false, algorithm));
      return;
    }
    int n = 5;
    SplittableRandom rnd = new SplittableRandom(s.hashCode() + algorithm.ordinal());
    float[] x = Close.random(rnd, OFF + n * s.inC() * s.h() * s.w());
    float[] w = Close.random(rnd, s.outC() * s.inC() / s.groups() * s.kH() * s.kW());
    float[] bias = Close.random(rnd, s.outC());
    int size = n * s.outC() * s.outH() * s.outW();
    float[] residual = Close.random(rnd, OFF + size + OFF);
    for (boolean keep : new boolean[] {false, true}) {
      Conv2d conv = DirectConvTest.build(s, 7, keep, algorithm);
      for (Activation act : Activation.values()) {
        for (float[] b : new float[][] {null, bias}) {
          float[] unfused = Close.filled(size, Float.NaN);
          conv.forward(n, x, OFF, w, b, unfused, 0, Activation.NONE);
          for (int i = 0; i < size; i++) {
            unfused[i] = act.apply(residual[OFF + i] + unfused[i]);
          }
          float[] fused = Close.filled(OFF + size + 1, Float.NaN);
          conv.forward(n, x, OFF, w, b, residual, OFF, fused, OFF, act);
          String what = s + " " + algorithm + " keep=" + keep + " bias=" + (b != null) + " " + act;
          assertTrue(Float.isNaN(fused[OFF - 1]) && Float.isNaN(fused[OFF + size]), what + ": wrote outside y");
          Close.assertSameBits(what, unfused, java.util.Arrays.copyOfRange(fused, OFF, OFF + size));
        }
      }
    }
  }

  @Test
  void weightGradientFromForwardIsUnchangedByTheResidual() {
    Reference.Shape s = new Reference.Shape(16, 12, 12, 16, 3, 3, 1, 1, 1, 1, 1, 1, 1);
    int n = 3;
    SplittableRandom rnd = new SplittableRandom(7);
    float[] x = Close.random(rnd, n * s.inC() * s.h() * s.w());
    float[] w = Close.random(rnd, s.outC() * s.inC() * 9);
    int size = n * s.outC() * s.outH() * s.outW();
    float[] dy = Close.random(rnd, size);
    float[] residual = Close.random(rnd, size);
    Conv2d conv = s.build(4, true);
    float[] plain = new float[w.length];
    conv.forward(n, x, 0, w, null, new float[size], 0, Activation.RELU);
    conv.backwardWeightFromForward(n, dy, 0, plain, null, false);
    float[] withResidual = new float[w.length];
    conv.forward(n, x, 0, w, null, residual, 0, new float[size], 0, Activation.RELU);
    conv.backwardWeightFromForward(n, dy, 0, withResidual, null, false);
    Close.assertSameBits("kept columns or x", plain, withResidual);
  }

  @Test
  void rejectsAResidualThatOverlapsYOrIsTooShort() {
    Reference.Shape s = new Reference.Shape(2, 5, 5, 3, 3, 3, 1, 1, 1, 1, 1, 1, 1);
    Conv2d conv = s.build(2);
    float[] x = new float[2 * 2 * 25];
    float[] w = new float[3 * 2 * 9];
    float[] y = new float[2 * 3 * 25 + 10];
    KernelArgumentException overlap = assertThrows(KernelArgumentException.class,
        () -> conv.forward(2, x, 0, w, null, y, 10, y, 0, Activation.RELU));
    assertTrue(overlap.getMessage().contains("overlap"), overlap.getMessage());
    KernelArgumentException shortResidual = assertThrows(KernelArgumentException.class,
        () -> conv.forward(2, x, 0, w, null, new float[20], 0, y, 0, Activation.RELU));
    assertTrue(shortResidual.getMessage().contains("residual"), shortResidual.getMessage());
  }
}
