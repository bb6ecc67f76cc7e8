package dev.nnet.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Parallel#runShares}: each worker runs a whole computation of its own, and the kernels it calls run
 * single-threaded on its thread, with that worker's own GEMM workspaces, giving exactly the bits of a one-thread
 * call even while the other share multiplies at the same time.
 */
class ParallelSharesTest {
  @AfterEach
  void restore() {
    Parallel.limitThreads(Parallel.poolSize());
  }

  @Test
  void eachShareRunsOnItsOwnThreadAndNestedCallsRunOneShareInline() {
    assertEquals(2, Parallel.poolSize(), "surefire sets -Dnnet.threads=2");
    Thread[] threads = new Thread[2];
    int[][] nested = new int[2][];
    Parallel.runShares((worker, workers) -> {
      threads[worker] = Thread.currentThread();
      nested[worker] = new int[] {-1, -1, 0};
      Parallel.run((w, n) -> {
        nested[worker][0] = w;
        nested[worker][1] = n;
        nested[worker][2]++;
      });
    });
    assertSame(Thread.currentThread(), threads[0], "the caller is share 0");
    assertNotSame(threads[0], threads[1]);
    assertArrayEquals(new int[] {0, 1, 1}, nested[0], "worker 0's kernel: one share of one, once");
    assertArrayEquals(new int[] {0, 1, 1}, nested[1], "worker 1's kernel: one share of one, once");
    int[] plain = new int[2];
    Parallel.run((worker, workers) -> Parallel.run((w, n) -> plain[worker] += n));
    assertArrayEquals(new int[] {4, 4}, plain, "after runShares, nested calls run every share inline again");
  }

  @Test
  void gemmsInsideSharesGiveTheOneThreadBits() {
    // Blocked (A·B), vector-dot or dot (A·Bᵀ with a long k, a convolution's weight gradient) and direct shapes.
    int[][] shapes = {{128, 256, 300, 0}, {20, 250, 4096, 1}, {10, 25, 9216, 1}, {8, 8, 8, 0}};
    SplittableRandom rnd = new SplittableRandom(11);
    for (int[] s : shapes) {
      int m = s[0];
      int n = s[1];
      int k = s[2];
      boolean transB = s[3] == 1;
      float[][] a = {Close.random(rnd, m * k), Close.random(rnd, m * k)};
      float[][] b = {Close.random(rnd, k * n), Close.random(rnd, k * n)};
      float[][] oneThread = new float[2][m * n];
      Parallel.limitThreads(1);
      for (int w = 0; w < 2; w++) {
        Gemm.sgemm(false, transB, m, n, k, 1f, a[w], 0, k, b[w], 0, transB ? k : n, 0f, oneThread[w], 0, n);
      }
      Parallel.limitThreads(2);
      float[][] shared = new float[2][m * n];
      for (int round = 0; round < 3; round++) { // again with warm workspaces
        Parallel.runShares((w, workers) -> Gemm.sgemm(false, transB, m, n, k, 1f, a[w], 0, k, b[w], 0,
            transB ? k : n, 0f, shared[w], 0, n));
        for (int w = 0; w < 2; w++) {
          Close.assertSameBits(m + "x" + n + "x" + k + " on share " + w, oneThread[w], shared[w]);
        }
      }
    }
  }

  @Test
  void aFailureInAShareReachesTheCallerAndThePoolStillWorks() {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> Parallel.runShares((w, n) -> {
      if (w == 1) {
        throw new IllegalStateException("boom in share 1");
      }
    }));
    assertEquals("boom in share 1", e.getMessage());
    int[] plain = new int[2];
    Parallel.run((worker, workers) -> Parallel.run((w, n) -> plain[worker] += n));
    assertArrayEquals(new int[] {4, 4}, plain);
  }

  @Test
  void oneThreadRunsTheSingleShareInline() {
    Parallel.limitThreads(1);
    Thread[] ran = new Thread[1];
    int[] workers = new int[1];
    Parallel.runShares((w, n) -> {
      ran[w] = Thread.currentThread();
      workers[0] = n;
    });
    assertSame(Thread.currentThread(), ran[0]);
    assertEquals(1, workers[0]);
  }
}
