package dev.nnet.kernels;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Fixed pool of daemon worker threads shared by all kernels. Size: system property nnet.threads, else env
 * NNET_THREADS, else Runtime.availableProcessors(). 1 thread = run inline on the caller.
 *
 * <p>{@link #run} hands one preallocated {@link Task} to every worker and waits until all are done. The caller is
 * worker 0, so a pool of {@code t} threads starts {@code t - 1} of its own. Nothing is allocated per call: workers
 * wait on a generation counter and the caller on a countdown, spinning briefly and then parked (SPIN_NANOS,
 * {@code -Dnnet.spinMicros}). Each task splits its work statically by worker index, which is what makes results
 * reproducible run after run.
 *
 * <p>Calls from different threads are serialized. A call made from inside a task (nested) runs every worker's
 * share inline on the calling thread, in worker order, so it neither deadlocks nor changes results.
 */
public final class Parallel {

  /** Work split statically among workers: worker {@code worker} of {@code workers} does its own share. */
  public interface Task {
    void run(int worker, int workers);
  }

  // How long a waiting thread spins before it parks. 50 µs by default: on a quiet 2-core machine, mnist-mlp-5 at 2
  // threads trains at 41-47k samples/s with it and 29-33k without (its GEMMs come back to back). On a machine
  // shared with other busy processes the spin steals their core; there 0 was faster (PROFILE.md, 2026-12-05).
  private static final long SPIN_NANOS = 1000L * configured("nnet.spinMicros", "NNET_SPIN_MICROS", 50, 0, 100_000,
      "microseconds, such as 50 (0 parks at once)");

  private static final int POOL_SIZE = configuredThreads();
  private static final ReentrantLock DISPATCH = new ReentrantLock();
  private static final AtomicInteger PENDING = new AtomicInteger();
  private static final AtomicReference<Throwable> FAILURE = new AtomicReference<>();
  private static final Worker[] WORKERS = startWorkers(POOL_SIZE - 1);
  private static volatile Thread caller;
  private static volatile int active = POOL_SIZE;
  // True while a runShares task runs: each share is a whole computation of its own (see runShares).
  private static volatile boolean wholeShares;

  private Parallel() {}

  /** Threads a kernel call splits its work over (the caller included). */
  public static int threads() {
    return active;
  }

  /** Threads the pool was built with; per-thread workspaces are sized for this many. */
  static int poolSize() {
    return POOL_SIZE;
  }

  /**
   * Uses only the first {@code n} threads of the pool from now on (1 ≤ n ≤ pool size). Tests use it to compare
   * results across thread counts within one JVM.
   */
  static void limitThreads(int n) {
    if (n < 1 || n > POOL_SIZE) {
      throw new KernelArgumentException("Parallel: cannot use " + n + " threads; the pool has " + POOL_SIZE
          + " (set -Dnnet.threads to change it)");
    }
    DISPATCH.lock();
    try {
      active = n;
    } finally {
      DISPATCH.unlock();
    }
  }

  /**
   * Whether the calling thread is running a share of a task right now. Kernels with shared state (GEMM, row sums)
   * then compute inline without taking their locks: a worker waiting on a lock held by a thread that waits for the
   * pool would deadlock.
   */
  static boolean insideTask() {
    return DISPATCH.isHeldByCurrentThread() || Thread.currentThread() instanceof Worker;
  }

  /**
   * The worker index of the calling thread while it runs its share of a {@link #runShares} task, else -1. Kernels
   * with shared workspaces (GEMM) give each such share its own, so the shares run at once without locks.
   */
  static int shareWorker() {
    if (!wholeShares || !insideTask()) {
      return -1;
    }
    return Thread.currentThread() instanceof Worker w ? w.index : 0;
  }

  /**
   * Runs {@code task.run(w, threads())} for every worker w, where each share is a whole, independent computation
   * (a training step on part of the batch): a kernel called from a share runs single-threaded on the share's thread,
   * with that worker's own GEMM workspaces, instead of splitting its work with the other shares. Results depend only
   * on how the task splits its work, so they are the same run after run for a given thread count.
   */
  public static void runShares(Task task) {
    int n = active;
    if (n == 1 || insideTask()) {
      run(task);
      return;
    }
    DISPATCH.lock();
    try {
      wholeShares = true;
      dispatch(task, n);
    } finally {
      wholeShares = false;
      DISPATCH.unlock();
    }
  }

  /** Runs {@code task.run(w, threads())} for every worker w and returns when all have finished. */
  public static void run(Task task) {
    int n = active;
    if (wholeShares && insideTask()) { // a kernel inside a whole share: one worker, this thread
      task.run(0, 1);
      return;
    }
    if (n == 1 || insideTask()) {
      for (int w = 0; w < n; w++) {
        task.run(w, n);
      }
      return;
    }
    DISPATCH.lock();
    try {
      dispatch(task, active);
    } finally {
      DISPATCH.unlock();
    }
  }

  private static void dispatch(Task task, int n) {
    FAILURE.set(null);
    caller = Thread.currentThread();
    PENDING.set(n - 1);
    for (int i = 0; i < n - 1; i++) {
      WORKERS[i].begin(task, n);
    }
    Throwable own = null;
    try {
      task.run(0, n);
    } catch (Throwable e) {
      own = e;
    }
    awaitWorkers();
    Throwable failure = own != null ? own : FAILURE.get();
    if (failure instanceof RuntimeException) {
      throw (RuntimeException) failure;
    }
    if (failure instanceof Error) {
      throw (Error) failure;
    }
    if (failure != null) {
      throw new IllegalStateException("a kernel task failed on a worker thread", failure);
    }
  }

  private static void awaitWorkers() {
    long start = System.nanoTime();
    while (PENDING.get() != 0) {
      if (System.nanoTime() - start < SPIN_NANOS) {
        Thread.onSpinWait();
      } else {
        LockSupport.park(Parallel.class);
      }
    }
  }

  private static Worker[] startWorkers(int count) {
    Worker[] workers = new Worker[count];
    for (int i = 0; i < count; i++) {
      workers[i] = new Worker(i + 1);
      workers[i].start();
    }
    return workers;
  }

  private static int configuredThreads() {
    return configured("nnet.threads", "NNET_THREADS", Runtime.getRuntime().availableProcessors(), 1, 1024,
        "threads, such as 2");
  }

  /** A whole number from a system property, else an environment variable, else {@code fallback}. */
  static int configured(String property, String variable, int fallback, int least, int most, String unit) {
    String value = System.getProperty(property);
    String source = "system property " + property;
    if (value == null) {
      value = System.getenv(variable);
      source = "environment variable " + variable;
    }
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(value.trim());
      if (n >= least && n <= most) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below with the offending text
    }
    throw new KernelArgumentException(source + " is '" + value + "'; it must be a whole number of " + least
        + " to " + most + " " + unit);
  }

  /** A pool thread: waits for a new generation, runs its share of the task, counts down. */
  private static final class Worker extends Thread {
    private final int index;
    private volatile int generation;
    private Task task;
    private int workers;

    Worker(int index) {
      super("nnet-kernels-" + index);
      this.index = index;
      setDaemon(true);
    }

    /** Called by the dispatching thread; the volatile write publishes task and workers. */
    void begin(Task task, int workers) {
      this.task = task;
      this.workers = workers;
      generation = generation + 1;
      LockSupport.unpark(this);
    }

    @Override
    public void run() {
      int seen = 0;
      while (true) {
        long start = System.nanoTime();
        while (generation == seen) {
          if (System.nanoTime() - start < SPIN_NANOS) {
            Thread.onSpinWait();
          } else {
            LockSupport.park(this);
          }
        }
        seen = generation;
        try {
          task.run(index, workers);
        } catch (Throwable e) {
          FAILURE.compareAndSet(null, e);
        }
        task = null;
        if (PENDING.decrementAndGet() == 0) {
          LockSupport.unpark(caller);
        }
      }
    }
  }
}
