package dev.nnet.codegen.java;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nnet.runtime.Batch;
import dev.nnet.runtime.Rng;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.LongSupplier;

/**
 * The "allocates nothing once warm" check of the generated-code tests. Vector API code boxes every vector until C2
 * compiles it (C1 and the interpreter allocate them all), and a kernel called a few times a step reaches C2 late,
 * later still on a busy machine; so windows of warm steps run until one is clean, for up to {@link #SETTLE}. A step
 * that allocates does so in every window and still fails, and so does a kernel C2 never compiles clean.
 */
final class WarmWindows {
    static final Duration SETTLE = Duration.ofSeconds(30);
    private static final int MAX_WINDOWS = 10_000;

    private WarmWindows() {
    }

    /** Runs {@code window} until {@code allocatedBytes} does not move across one run; fails after SETTLE. */
    static void assertSettleToZero(String what, LongSupplier allocatedBytes, Runnable window) {
        long[] bytes = new long[MAX_WINDOWS];
        int windows = 0;
        long deadline = System.nanoTime() + SETTLE.toNanos();
        do {
            long before = allocatedBytes.getAsLong();
            window.run();
            bytes[windows] = allocatedBytes.getAsLong() - before;
            windows++;
        } while (bytes[windows - 1] != 0 && windows < MAX_WINDOWS && System.nanoTime() < deadline);
        long[] shown = Arrays.copyOfRange(bytes, Math.max(0, windows - 5), windows);
        assertEquals(0, bytes[windows - 1], "bytes allocated by " + what + " in each of " + windows
                + " windows over up to " + SETTLE.toSeconds() + " s (the last " + shown.length + ": "
                + Arrays.toString(shown) + ")");
    }

    /** The threads a training step runs on: the caller and the kernel pool's workers (surefire's own are not). */
    static long[] stepThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(th -> th == Thread.currentThread() || th.getName().startsWith("nnet-kernels-"))
                .mapToLong(Thread::getId).toArray();
    }

    /** The bytes the threads {@code ids} have allocated so far, summed: an argument for {@link #assertSettleToZero}. */
    static LongSupplier allocatedBytes(long[] ids) {
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        return () -> {
            long sum = 0;
            for (long id : ids) {
                sum += Math.max(0, bean.getThreadAllocatedBytes(id));
            }
            return sum;
        };
    }

    /** {@code n} of {@code maxBatch} samples of noise in [0, 1) with labels 0..9, drawn from {@code seed}. */
    static Batch noise(int maxBatch, int n, int features, long seed) {
        Batch b = new Batch(maxBatch, features, 1, true);
        Rng rng = new Rng(seed);
        for (int i = 0; i < n * features; i++) {
            b.x[i] = rng.nextFloat();
        }
        for (int i = 0; i < n; i++) {
            b.yInt[i] = (int) (rng.nextFloat() * 10) % 10;
        }
        b.n = n;
        return b;
    }
}
