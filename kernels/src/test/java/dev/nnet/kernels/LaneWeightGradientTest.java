package dev.nnet.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link LaneWeightGradient} against the double reference at {@link Close}'s tolerance, with x and dy moved from
 * NCHW into lanes by {@link Lanes}. It needs the Vector API: the surefire run with the module tests it and the plain
 * run excludes it (kernels/pom.xml), as there is no lane kernel without the module; elsewhere it is skipped.
 */
class LaneWeightGradientTest {
  private static final boolean MODULE_PRESENT = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
  private static final int[] BATCHES = {1, 15, 16, 17, 33};

  @BeforeEach
  void needsTheVectorApi() {
    assumeTrue(MODULE_PRESENT, "LaneWeightGradient needs --add-modules jdk.incubator.vector (the vector-api run)");
  }

  static Stream<Reference.Shape> shapes() {
    return Stream.of(
        new Reference.Shape(1, 28, 28, 10, 5, 5, 1, 1, 0, 0, 1, 1, 1),   // mnist conv1: 4 + 4 + 2 channels
        new Reference.Shape(10, 12, 12, 20, 5, 5, 1, 1, 0, 0, 1, 1, 1),  // mnist conv2
        new Reference.Shape(16, 12, 12, 16, 3, 3, 1, 1, 1, 1, 1, 1, 1),  // residual block: 144 taps, not 5k
        new Reference.Shape(88, 12, 12, 20, 5, 5, 1, 1, 0, 0, 1, 1, 1),  // inception conv2
        new Reference.Shape(3, 9, 9, 6, 5, 5, 1, 1, 2, 2, 1, 1, 1),      // 5x5 padding 2
        new Reference.Shape(2, 7, 13, 7, 3, 5, 1, 1, 1, 2, 1, 1, 1),     // odd widths, 7 = 4 + 2 + 1 channels
        new Reference.Shape(5, 11, 9, 3, 3, 3, 1, 1, 0, 0, 1, 1, 1));    // 3 = 2 + 1 channels, 45 taps
  }

  static Stream<Object[]> cases() {
    return shapes().flatMap(s -> Arrays.stream(BATCHES).mapToObj(n -> new Object[] {s, n}));
  }

  /** Overwritten, accumulated, with and without dBias, dy alone and inside a padded buffer at an offset. */
  @ParameterizedTest(name = "{0} n={1}")
  @MethodSource("cases")
  void matchesTheDoubleReference(Reference.Shape s, int n) {
    SplittableRandom rnd = new SplittableRandom(s.hashCode() * 31L + n);
    float[] x = Close.random(rnd, n * s.inC() * s.h() * s.w());
    float[] dy = Close.random(rnd, n * s.outC() * s.outH() * s.outW());
    Reference.Result grad = Reference.convBackwardWeight(s, n, x, dy);
    int weights = s.outC() * s.inC() * s.kH() * s.kW();
    double[] valueW = Arrays.copyOfRange(grad.value(), 0, weights);
    double[] magW = Arrays.copyOfRange(grad.magnitude(), 0, weights);
    double[] valueB = Arrays.copyOfRange(grad.value(), weights, weights + s.outC());
    double[] magB = Arrays.copyOfRange(grad.magnitude(), weights, weights + s.outC());

    LaneWeightGradient kernel = build(s);
    int xHp = s.h() + 2 * s.pH();
    int xWp = s.w() + 2 * s.pW();
    float[] xLanes = Lanes.of(x, n, s.inC(), s.h(), s.w(), 2, s.pH(), s.pW(), xHp, xWp, 0f);
    int blocks = Lanes.blocks(n);
    for (int variant = 0; variant < 3; variant++) {
      boolean accumulate = variant > 0;
      boolean withBias = variant != 1;
      // variant 2: dy inside a buffer padded by (1, 2) and 3, as the data gradient leaves it; the border is NaN,
      // so reading it would show
      int padH = variant == 2 ? 1 : 0;
      int padW = variant == 2 ? 2 : 0;
      int dyHp = s.outH() + padH + (variant == 2 ? 1 : 0);
      int dyWp = s.outW() + padW + (variant == 2 ? 3 : 0);
      int dyOff = variant == 2 ? 5 : 0;
      float[] dyLanes = Lanes.of(dy, n, s.outC(), s.outH(), s.outW(), dyOff, padH, padW, dyHp, dyWp,
          variant == 2 ? Float.NaN : 0f);
      float start = accumulate ? 0.5f : Float.NaN;
      float[] dW = Close.filled(weights + 1, start);
      float[] dB = withBias ? Close.filled(s.outC() + 1, start) : null;
      kernel.run(blocks, xLanes, 2, dyLanes, dyOff, dyHp, dyWp, padH, padW, dW, dB, accumulate);
      String what = s + " n=" + n + " accumulate=" + accumulate + " dy padded=" + (variant == 2);
      double shift = accumulate ? 0.5 : 0;
      Close.assertClose(what + " dWeight", plus(valueW, shift), plus(magW, shift), dW, 0);
      assertTrue(Float.isNaN(start) ? Float.isNaN(dW[weights]) : dW[weights] == start, "wrote past dWeight");
      if (withBias) {
        Close.assertClose(what + " dBias", plus(valueB, shift), plus(magB, shift), dB, 0);
        assertTrue(Float.isNaN(start) ? Float.isNaN(dB[s.outC()]) : dB[s.outC()] == start, "wrote past dBias");
      }
    }
  }

  @Test
  void resultsAreTheSameOnEveryRunAndThreadCount() {
    Reference.Shape s = new Reference.Shape(7, 10, 10, 11, 5, 5, 1, 1, 2, 2, 1, 1, 1);
    int n = 37;
    SplittableRandom rnd = new SplittableRandom(5);
    float[] xLanes = Lanes.of(Close.random(rnd, n * 7 * 100), n, 7, 10, 10, 0, 2, 2, 14, 14, 0f);
    float[] dyLanes = Lanes.of(Close.random(rnd, n * 11 * 100), n, 11, 10, 10, 0, 0, 0, 10, 10, 0f);
    Close.assertSameBitsAtEveryThreadCount(() -> {
      float[] dW = new float[11 * 7 * 25];
      float[] dB = new float[11];
      build(s).run(Lanes.blocks(n), xLanes, 0, dyLanes, 0, 10, 10, 0, 0, dW, dB, false);
      return new float[][] {dW, dB};
    });
  }

  /**
   * Once C2 has compiled the tiles (interpreted Vector API code boxes every vector), no thread allocates: a call
   * that allocates does so in every window of calls, so one clean window proves there is none.
   */
  @Test
  void warmCallsAllocateNothing() {
    com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    Reference.Shape s = new Reference.Shape(3, 12, 12, 7, 5, 5, 1, 1, 0, 0, 1, 1, 1);
    int n = 20;
    SplittableRandom rnd = new SplittableRandom(9);
    float[] xLanes = Lanes.of(Close.random(rnd, n * 3 * 144), n, 3, 12, 12, 0, 0, 0, 12, 12, 0f);
    float[] dyLanes = Lanes.of(Close.random(rnd, n * 7 * 64), n, 7, 8, 8, 0, 0, 0, 8, 8, 0f);
    float[] dW = new float[7 * 3 * 25];
    float[] dB = new float[7];
    LaneWeightGradient kernel = build(s);
    kernel.run(Lanes.blocks(n), xLanes, 0, dyLanes, 0, 8, 8, 0, 0, dW, dB, true); // starts the pool's workers
    List<Thread> threads = new ArrayList<>(List.of(Thread.currentThread()));
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().startsWith("nnet-kernels-")) {
        threads.add(t);
      }
    }
    assertEquals(Parallel.poolSize(), threads.size());
    long[] allocated = new long[threads.size()];
    for (int window = 0; window < 20; window++) {
      for (int i = 0; i < 500; i++) {
        kernel.run(Lanes.blocks(n), xLanes, 0, dyLanes, 0, 8, 8, 0, 0, dW, dB, true);
      }
      for (int t = 0; t < threads.size(); t++) {
        allocated[t] = bean.getThreadAllocatedBytes(threads.get(t).getId());
      }
      for (int i = 0; i < 5; i++) {
        kernel.run(Lanes.blocks(n), xLanes, 0, dyLanes, 0, 8, 8, 0, 0, dW, dB, true);
      }
      for (int t = 0; t < threads.size(); t++) {
        allocated[t] = bean.getThreadAllocatedBytes(threads.get(t).getId()) - allocated[t];
      }
      if (Arrays.stream(allocated).allMatch(bytes -> bytes == 0)) {
        break;
      }
    }
    assertArrayEquals(new long[threads.size()], allocated, "bytes allocated in 5 warm calls by " + threads);
  }

  @Test
  void noBlocksGiveZerosOrLeaveTheSumsAsTheyAre() {
    LaneWeightGradient kernel = build(new Reference.Shape(2, 6, 6, 5, 3, 3, 1, 1, 0, 0, 1, 1, 1));
    float[] dW = Close.filled(90, 0.25f);
    float[] dB = Close.filled(5, 0.25f);
    kernel.run(0, new float[0], 0, new float[0], 0, 4, 4, 0, 0, dW, dB, true);
    Close.assertSameBits("accumulated dWeight", Close.filled(90, 0.25f), dW);
    Close.assertSameBits("accumulated dBias", Close.filled(5, 0.25f), dB);
    kernel.run(0, new float[0], 0, new float[0], 0, 4, 4, 0, 0, dW, dB, false);
    Close.assertSameBits("overwritten dWeight", new float[90], dW);
    Close.assertSameBits("overwritten dBias", new float[5], dB);
  }

  @Test
  void badArgumentsAreRefusedWithTheFix() {
    Reference.Shape s = new Reference.Shape(2, 8, 8, 3, 3, 3, 1, 1, 0, 0, 1, 1, 1);
    LaneWeightGradient kernel = build(s);
    float[] xLanes = new float[2 * 64 * Lanes.L];
    float[] dyLanes = new float[3 * 36 * Lanes.L];
    float[] dW = new float[54];
    KernelArgumentException pitch = assertThrows(KernelArgumentException.class,
        () -> kernel.run(1, xLanes, 0, dyLanes, 0, 6, 5, 0, 0, dW, null, false));
    assertTrue(pitch.getMessage().contains("pitch"), pitch.getMessage());
    KernelArgumentException shortX = assertThrows(KernelArgumentException.class,
        () -> kernel.run(2, xLanes, 0, dyLanes, 0, 6, 6, 0, 0, dW, null, false));
    assertTrue(shortX.getMessage().contains("xLanes"), shortX.getMessage());
    KernelArgumentException plane = assertThrows(KernelArgumentException.class,
        () -> new LaneWeightGradient(2, 3, 3, 3, 7, 8, 6, 6));
    assertTrue(plane.getMessage().contains("forward padding"), plane.getMessage());
  }

  private static LaneWeightGradient build(Reference.Shape s) {
    return new LaneWeightGradient(s.inC(), s.outC(), s.kH(), s.kW(), s.h() + 2 * s.pH(), s.w() + 2 * s.pW(),
        s.outH(), s.outW());
  }

  private static double[] plus(double[] a, double shift) {
    double[] r = a.clone();
    for (int i = 0; i < r.length; i++) {
      r[i] += shift;
    }
    return r;
  }
}
