package dev.nnet.kernels.probe;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Measures the machine's single-precision FMA peak from Java, so kernel efficiency is quoted against a measured
 * figure rather than a data sheet: twelve independent vector accumulators (enough to hide the FMA latency on the
 * machines we use) run a register-only loop on each of 1..T threads at once. Needs the Vector API:
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp kernels/target/classes dev.nnet.kernels.probe.PeakFlops [THREADS]
 * </pre>
 */
public final class PeakFlops {
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  private static final int ACCUMULATORS = 12;
  private static volatile float sink;

  private PeakFlops() {}

  public static void main(String[] args) throws Exception {
    int maxThreads = args.length > 0 ? Integer.parseInt(args[0]) : Runtime.getRuntime().availableProcessors();
    System.out.printf(Locale.ROOT, "%d-lane float vectors (%d bits), %d accumulators%n", SPECIES.length(),
        SPECIES.vectorBitSize(), ACCUMULATORS);
    for (int round = 0; round < 2; round++) { // the first round warms C2 up
      for (int threads = 1; threads <= maxThreads; threads++) {
        double gflops = measure(threads, 200_000_000L / SPECIES.length());
        if (round == 1) {
          System.out.printf(Locale.ROOT, "%d thread(s): %.1f GFLOP/s (%.1f per thread)%n", threads, gflops,
              gflops / threads);
        }
      }
    }
  }

  /**
   * One thread's peak per second of its own CPU time, the best of three runs after a warm-up run, on the calling
   * thread: on a machine shared with other work, wall time would also count the slices this thread waited for.
   */
  public static double oneThreadCpu() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long iterations = 200_000_000L / SPECIES.length();
    sink += fmaLoop(iterations);
    double best = 0;
    for (int run = 0; run < 3; run++) {
      long start = threads.getCurrentThreadCpuTime();
      sink += fmaLoop(iterations);
      double seconds = (threads.getCurrentThreadCpuTime() - start) / 1e9;
      best = Math.max(best, 2.0 * ACCUMULATORS * SPECIES.length() * iterations / seconds / 1e9);
    }
    return best;
  }

  /** GFLOP/s of {@code threads} threads each running {@code iterations} of the loop at once. */
  static double measure(int threads, long iterations) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Callable<Float>> tasks = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        tasks.add(() -> fmaLoop(iterations));
      }
      long start = System.nanoTime();
      List<Future<Float>> results = pool.invokeAll(tasks);
      for (Future<Float> f : results) {
        sink += f.get();
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      return 2.0 * ACCUMULATORS * SPECIES.length() * iterations * threads / seconds / 1e9;
    } finally {
      pool.shutdown();
    }
  }

  /** Twelve chains of dependent FMAs, interleaved so each FMA unit always has independent work. */
  static float fmaLoop(long iterations) {
    FloatVector b = FloatVector.broadcast(SPECIES, 1.0000001f);
    FloatVector c = FloatVector.broadcast(SPECIES, 1e-7f);
    FloatVector a0 = FloatVector.zero(SPECIES);
    FloatVector a1 = a0.add(1f);
    FloatVector a2 = a0.add(2f);
    FloatVector a3 = a0.add(3f);
    FloatVector a4 = a0.add(4f);
    FloatVector a5 = a0.add(5f);
    FloatVector a6 = a0.add(6f);
    FloatVector a7 = a0.add(7f);
    FloatVector a8 = a0.add(8f);
    FloatVector a9 = a0.add(9f);
    FloatVector a10 = a0.add(10f);
    FloatVector a11 = a0.add(11f);
    for (long i = 0; i < iterations; i++) {
      a0 = a0.fma(b, c);
      a1 = a1.fma(b, c);
      a2 = a2.fma(b, c);
      a3 = a3.fma(b, c);
      a4 = a4.fma(b, c);
      a5 = a5.fma(b, c);
      a6 = a6.fma(b, c);
      a7 = a7.fma(b, c);
      a8 = a8.fma(b, c);
      a9 = a9.fma(b, c);
      a10 = a10.fma(b, c);
      a11 = a11.fma(b, c);
    }
    return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10).add(a11)
        .reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
  }
}
