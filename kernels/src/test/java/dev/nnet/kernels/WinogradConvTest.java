package dev.nnet.kernels;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Winograd F(2×2, 3×3), forced and by AUTO's rule, against the double-precision reference with the tolerance of
 * every other convolution test: mnist-resnet's residual layers, odd plane sizes (partial tiles on either edge),
 * channel counts below, at and past a vector, and 1×1 or one-row planes. Needs the Vector API: the plain run checks
 * that it is refused there. Channel counts that are whole vectors move between NCHW and the channel-last buffers by
 * gathers and scatters, the others channel by channel: both are covered.
 */
class WinogradConvTest {
  static Stream<Reference.Shape> shapes() {
    return Stream.of(
        same(16, 12, 12, 16),   // mnist-resnet rblock1
        same(32, 4, 4, 32),     // mnist-resnet rblock2
        same(10, 13, 11, 7),    // odd height and width, fewer channels than a vector
        same(3, 7, 5, 33),      // odd sizes, output channels past two vectors
        same(17, 6, 9, 2),      // input channels one past a vector
        same(16, 5, 7, 9),      // whole vectors in (gathered), a partial one out (copied by channel)
        same(1, 9, 9, 4),       // one input channel
        same(5, 1, 1, 3),       // a 1×1 plane: one tile, mostly padding
        same(2, 1, 10, 9));     // a single row
  }

  private static Reference.Shape same(int inC, int h, int w, int outC) {
    return new Reference.Shape(inC, h, w, outC, 3, 3, 1, 1, 1, 1, 1, 1, 1);
  }

  static Stream<Object[]> cases() {
    return shapes().flatMap(s -> Stream.of(new Object[] {s, Conv2d.Algorithm.WINOGRAD},
        new Object[] {s, Conv2d.Algorithm.AUTO}));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("cases")
  void everyPassMatchesTheDoubleReference(Reference.Shape s, Conv2d.Algorithm algorithm) {
    if (algorithm == Conv2d.Algorithm.WINOGRAD && !MicroKernel.VECTOR) {
      KernelArgumentException e = assertThrows(KernelArgumentException.class,
          () -> DirectConvTest.build(s, 7, false, algorithm));
      assertTrue(e.getMessage().contains("Vector API"), e.getMessage());
      return;
    }
    DirectConvTest.checkEveryPass(s, algorithm, 7);
    DirectConvTest.checkEveryPass(s, algorithm, 1);
  }

  @Test
  void otherGeometriesAreRefused() {
    Reference.Shape stride = new Reference.Shape(4, 8, 8, 4, 3, 3, 2, 2, 1, 1, 1, 1, 1);
    Reference.Shape pad = new Reference.Shape(4, 8, 8, 4, 3, 3, 1, 1, 0, 0, 1, 1, 1);
    Reference.Shape five = new Reference.Shape(4, 8, 8, 4, 5, 5, 1, 1, 2, 2, 1, 1, 1);
    for (Reference.Shape s : new Reference.Shape[] {stride, pad, five}) {
      KernelArgumentException e = assertThrows(KernelArgumentException.class,
          () -> DirectConvTest.build(s, 4, false, Conv2d.Algorithm.WINOGRAD));
      assertTrue(e.getMessage().contains("Winograd"), e.getMessage());
    }
  }

  @Test
  void resultsAreTheSameOnEveryRunAndThreadCount() {
    if (!MicroKernel.VECTOR) {
      assertThrows(KernelArgumentException.class,
          () -> DirectConvTest.build(same(4, 4, 4, 4), 4, false, Conv2d.Algorithm.WINOGRAD));
      return;
    }
    Reference.Shape s = same(16, 12, 12, 16);
    int n = 13;
    SplittableRandom rnd = new SplittableRandom(5);
    float[] x = Close.random(rnd, n * 16 * 144);
    float[] w = Close.random(rnd, 16 * 16 * 9);
    float[] b = Close.random(rnd, 16);
    float[] dy = Close.random(rnd, n * 16 * 144);
    float[][] first = null;
    try {
      for (int threads = 1; threads <= Parallel.poolSize(); threads++) {
        Parallel.limitThreads(threads);
        for (int run = 0; run < 2; run++) {
          for (boolean keep : new boolean[] {false, true}) {
            Conv2d conv = DirectConvTest.build(s, n, keep, Conv2d.Algorithm.WINOGRAD);
            float[] y = new float[dy.length];
            float[] dx = new float[x.length];
            float[] dW = new float[w.length];
            float[] dB = new float[16];
            conv.forward(n, x, 0, w, b, y, 0, Activation.RELU);
            conv.backwardData(n, dy, 0, w, dx, 0);
            if (keep) {
              conv.backwardWeightFromForward(n, dy, 0, dW, dB, false);
            } else {
              conv.backwardWeight(n, x, 0, dy, 0, dW, dB, false);
            }
            float[][] now = {y, dx, dW, dB};
            if (first == null) {
              first = now;
            }
            for (int i = 0; i < now.length; i++) {
              Close.assertSameBits("result " + i + " with " + threads + " threads, run " + run + ", keep " + keep,
                  first[i], now[i]);
            }
          }
        }
      }
    } finally {
      Parallel.limitThreads(Parallel.poolSize());
    }
  }
}
