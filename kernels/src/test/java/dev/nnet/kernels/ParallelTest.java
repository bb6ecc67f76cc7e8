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
}
