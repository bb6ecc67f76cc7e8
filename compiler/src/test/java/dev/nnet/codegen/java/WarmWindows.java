package dev.nnet.codegen.java;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
