package dev.nnet.runtime.optim;

import dev.nnet.kernels.Parallel;

/**
 * How an element-wise optimizer update splits over the kernel threads: contiguous ranges of whole cache lines, one
 * per thread. Each element's arithmetic is the same whichever thread runs it, so the result is the serial one.
 */
final class Ranges {
    /**
     * Fewest elements worth splitting: below this, waking the pool costs more than the halved loop saves. SGD with
     * momentum at two threads, fastest of 2,500: 32,768 elements take 4.1 µs serially (a dispatch costs 1–3 µs, and
     * far more when the other core is busy), 65,536 take 8.3 µs serially and 5.1 split.
     */
    static final int MIN_SPLIT = 1 << 16;
    private static final int LINE = 16;

    private Ranges() {
    }

    /** Whether an update of {@code len} elements runs split. */
    static boolean split(int len) {
        return len >= MIN_SPLIT && Parallel.threads() > 1;
    }

    /** Start of range {@code part} of {@code parts} over [0, len), in whole cache lines (the last range ends at len). */
    static int start(int len, int part, int parts) {
        if (part >= parts) {
            return len;
        }
        long lines = (len + (long) LINE - 1) / LINE;
        return (int) Math.min(len, lines * part / parts * LINE);
    }
}
