package dev.nnet.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Max pooling with a fused ReLU, and its gradient with a second dy, against the unfused loops the generated trainer
 * ran before (a ReLU loop, the plain pooling, relu_grad's sign mask, an add loop), bit for bit: the fused forms may
 * only move work, never change a result.
 */
class PoolReluTest {
  private static final int N = 3;

  static java.util.stream.Stream<Pool2dTest.Cfg> configs() {
    return Pool2dTest.configs();
  }

  /** relu(max_pool(x)) and its gradient: the mask by the pooled output, then the scatter. NaN included. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("configs")
  void reluAfterPoolingIsTheUnfusedLoopsBitForBit(Pool2dTest.Cfg cfg) {
    Pool2d pool = cfg.build(Pool2d.Kind.MAX);
    int outs = N * cfg.c() * pool.outHeight() * pool.outWidth();
    float[] x = values(cfg, N * cfg.c() * cfg.h() * cfg.w(), true);
    float[] y = new float[outs];
    int[] idx = new int[outs];
    pool.forward(N, x, 0, y, 0, idx);
    float[] relu = new float[outs];
    for (int i = 0; i < outs; i++) {
      relu[i] = Math.max(0f, y[i]);
    }
    float[] fused = new float[outs];
    int[] fusedIdx = new int[outs];
    pool.forward(N, x, 0, fused, 0, fusedIdx, true);
    assertBits(relu, fused, cfg + " forward");
    assertArrayEquals(idx, fusedIdx, cfg + " indices");

    float[] dy = values(cfg, outs, false);
    float[] dx = new float[x.length];
    pool.backward(N, reluGrad(dy, relu), 0, idx, dx, 0);
    float[] fusedDx = new float[x.length];
    pool.backward(N, dy, 0, fusedIdx, fusedDx, 0, fused, 0);
    assertBits(dx, fusedDx, cfg + " backward");
  }

  /** max_pool(relu(x)) computed as relu(max_pool(x)): the same outputs, and the same gradient at every position. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("configs")
  void reluBeforePoolingIsTheUnfusedLoopsBitForBit(Pool2dTest.Cfg cfg) {
    Pool2d pool = cfg.build(Pool2d.Kind.MAX);
    int outs = N * cfg.c() * pool.outHeight() * pool.outWidth();
    float[] x = values(cfg, N * cfg.c() * cfg.h() * cfg.w(), false);
    float[] relu = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      relu[i] = Activation.RELU.apply(x[i]); // the convolution's epilogue
    }
    float[] y = new float[outs];
    int[] idx = new int[outs];
    pool.forward(N, relu, 0, y, 0, idx);
    float[] fused = new float[outs];
    int[] fusedIdx = new int[outs];
    pool.forward(N, x, 0, fused, 0, fusedIdx, true);
    assertBits(y, fused, cfg + " forward");

    float[] dy = values(cfg, outs, false);
    float[] pooledDx = new float[x.length];
    pool.backward(N, dy, 0, idx, pooledDx, 0);
    float[] dx = reluGrad(pooledDx, relu);
    float[] fusedDx = new float[x.length];
    pool.backward(N, dy, 0, fusedIdx, fusedDx, 0, fused, 0);
    assertBits(dx, fusedDx, cfg + " backward");
  }

  /** Two gradients of the pooled value, added in the scatter: the unfused add loop, then the pooling's gradient. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("configs")
  void gradientSumIsTheUnfusedAddBitForBit(Pool2dTest.Cfg cfg) {
    Pool2d pool = cfg.build(Pool2d.Kind.MAX);
    int outs = N * cfg.c() * pool.outHeight() * pool.outWidth();
    float[] x = values(cfg, N * cfg.c() * cfg.h() * cfg.w(), true);
    float[] y = new float[outs];
    int[] idx = new int[outs];
    pool.forward(N, x, 0, y, 0, idx, true);
    float[] dy = values(cfg, outs, false);
    float[] dyAdd = values(cfg, outs + 1, false);
    float[] sum = new float[outs];
    for (int i = 0; i < outs; i++) {
      sum[i] = dy[i] + dyAdd[i + 1];
    }
    for (boolean relu : new boolean[] {false, true}) {
      float[] dx = new float[x.length];
      pool.backward(N, sum, 0, null, 0, idx, dx, 0, relu ? y : null, 0);
      float[] fusedDx = new float[x.length];
      pool.backward(N, dy, 0, dyAdd, 1, idx, fusedDx, 0, relu ? y : null, 0);
      assertBits(dx, fusedDx, cfg + " backward, relu " + relu);
    }
  }

  @org.junit.jupiter.api.Test
  void averagePoolingTakesNoFusedReluOrSecondGradient() {
    Pool2d avg = new Pool2d(Pool2d.Kind.AVG, 1, 4, 4, 2, 2, 2, 2, 0, 0, false, true);
    KernelArgumentException e = assertThrows(KernelArgumentException.class,
        () -> avg.forward(1, new float[16], 0, new float[4], 0, null, true));
    assertTrue(e.getMessage().contains("max pooling"), e.getMessage());
    e = assertThrows(KernelArgumentException.class,
        () -> avg.backward(1, new float[4], 0, null, new float[16], 0, new float[4], 0));
    assertTrue(e.getMessage().contains("max pooling"), e.getMessage());
    e = assertThrows(KernelArgumentException.class,
        () -> avg.backward(1, new float[4], 0, new float[4], 0, null, new float[16], 0, null, 0));
    assertTrue(e.getMessage().contains("max pooling"), e.getMessage());
  }

  /** The generated relu_grad: bits(dy) & (-bits(y) >> 31). */
  private static float[] reluGrad(float[] dy, float[] y) {
    float[] out = new float[dy.length];
    for (int i = 0; i < dy.length; i++) {
      out[i] = Float.intBitsToFloat(Float.floatToRawIntBits(dy[i]) & (-Float.floatToRawIntBits(y[i]) >> 31));
    }
    return out;
  }

  /** Random values around 0 with ties, signed zeros, infinities, and NaN where asked. */
  private static float[] values(Pool2dTest.Cfg cfg, int count, boolean nan) {
    SplittableRandom rnd = new SplittableRandom(cfg.hashCode() * 31L + count);
    float[] v = new float[count];
    for (int i = 0; i < count; i++) {
      int r = rnd.nextInt(100);
      v[i] = r < 10 ? 0f : r < 20 ? -0f : r < 30 && i > 0 ? v[i - 1] : r == 30 ? Float.POSITIVE_INFINITY
          : r == 31 ? Float.NEGATIVE_INFINITY : r == 32 && nan ? Float.NaN : (float) rnd.nextGaussian();
    }
    return v;
  }

  private static void assertBits(float[] expected, float[] actual, String what) {
    assertEquals(expected.length, actual.length, what);
    for (int i = 0; i < expected.length; i++) {
      assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(actual[i]),
          what + " at " + i + ": " + expected[i] + " vs " + actual[i]);
    }
  }
}
