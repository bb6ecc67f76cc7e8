package dev.nnet.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ParallelTest {
  @AfterEach
  void restore() {
    Parallel.limitThreads(Parallel.poolSize());
  }

  @Test
  void everyWorkerRunsItsShareExactlyOnce() {
    assertEquals(2, Parallel.poolSize(), "surefire sets -Dnnet.threads=2");
    AtomicIntegerArray seen = new AtomicIntegerArray(2);
    Thread[] threads = new Thread[2];
    Parallel.run((worker, workers) -> {
      assertEquals(2, workers);
      seen.incrementAndGet(worker);
      threads[worker] = Thread.currentThread();
    });
    assertEquals(1, seen.get(0));
    assertEquals(1, seen.get(1));
    assertSame(Thread.currentThread(), threads[0], "the caller is worker 0");
    assertEquals("nnet-kernels-1", threads[1].getName());
  }

  @Test
  void oneThreadRunsInlineOnTheCaller() {
    Parallel.limitThreads(1);
    Thread[] ran = new Thread[1];
    Parallel.run((worker, workers) -> ran[worker] = Thread.currentThread());
    assertSame(Thread.currentThread(), ran[0]);
  }

  @Test
  void nestedCallsRunEveryShareInline() {
    int[] inner = new int[4];
    Parallel.run((outer, workers) -> Parallel.run((worker, n) -> inner[outer * 2 + worker] += 1));
    assertArrayEquals(new int[] {1, 1, 1, 1}, inner);
  }

  @Test
  void kernelsCalledFromInsideATaskRunInlineAndStayCorrect() {
    // Each worker multiplies its own 40x300 by 300x50 (large enough for the blocked path if called from outside).
    int m = 40;
    int n = 50;
    int k = 300;
    java.util.SplittableRandom rnd = new java.util.SplittableRandom(5);
    float[] a = Close.random(rnd, m * k);
    float[] b = Close.random(rnd, k * n);
    float[][] c = new float[2][m * n];
    float[][] sums = new float[2][n];
    Parallel.run((worker, workers) -> {
      Gemm.sgemm(false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, c[worker], 0, n);
      Reduce.sumRows(m, n, c[worker], 0, sums[worker], 0, false);
    });
    Reference.Result ref = Reference.gemm(false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, null, 0, n, null, 0,
        false);
    Close.assertClose("gemm on worker 0", ref.value(), ref.magnitude(), c[0], 0);
    Close.assertClose("gemm on worker 1", ref.value(), ref.magnitude(), c[1], 0);
    Close.assertSameBits("row sums on both workers", sums[0], sums[1]);
  }

  @Test
  void aFailureOnAWorkerReachesTheCallerAndThePoolStillWorks() {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> Parallel.run((worker, workers) -> {
      if (worker == 1) {
        throw new IllegalStateException("boom on worker 1");
      }
    }));
    assertEquals("boom on worker 1", e.getMessage());
    int[] ran = new int[2];
    Parallel.run((worker, workers) -> ran[worker]++);
    assertArrayEquals(new int[] {1, 1}, ran);
  }

  @Test
  void limitingThreadsRejectsMoreThanThePool() {
    assertThrows(KernelArgumentException.class, () -> Parallel.limitThreads(3));
    assertThrows(KernelArgumentException.class, () -> Parallel.limitThreads(0));
  }

  @Test
  void settingsComeFromThePropertyWithTheirRangeCheckedAndNamed() {
    String property = "nnet.test.parallelSetting";
    String variable = "NNET_TEST_PARALLEL_SETTING_UNSET";
    try {
      System.clearProperty(property);
      assertEquals(50, Parallel.configured(property, variable, 50, 0, 100, "microseconds"), "unset: the default");
      System.setProperty(property, " 0 ");
      assertEquals(0, Parallel.configured(property, variable, 50, 0, 100, "microseconds"));
      for (String bad : new String[] {"-1", "101", "fast", "1.5"}) {
        System.setProperty(property, bad);
        KernelArgumentException e = assertThrows(KernelArgumentException.class,
            () -> Parallel.configured(property, variable, 50, 0, 100, "microseconds"));
        assertEquals("system property nnet.test.parallelSetting is '" + bad + "'; it must be a whole number of 0 to "
            + "100 microseconds", e.getMessage());
      }
    } finally {
      System.clearProperty(property);
    }
  }
}
