package dev.nnet.runtime.metrics;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A one-line progress display for a terminal, redrawn in place with {@code \r}:
 * {@code epoch 3/10  batch 120/938  loss 0.2345  51234 samples/s  ETA 1:23}. It draws at most ten times a second
 * and only on a terminal: when output goes to a file or a pipe it is silent, so logs stay clean. Call
 * {@link #clear()} before printing any other line, so the two do not mix.
 */
public final class Progress {
    /** Minimum time between two redraws. */
    static final long REDRAW_NANOS = 100_000_000L;

    private final PrintStream out;
    private final boolean enabled;
    private final LongSupplier nanoClock;
    private boolean started;
    private long startNanos;
    private long startBatches;
    private long startSamples;
    private long lastDrawNanos;
    private int drawnLength;

    /**
     * @param enabled   false for a display that never prints
     * @param nanoClock the time in nanoseconds, {@code System::nanoTime} outside tests
     */
    public Progress(PrintStream out, boolean enabled, LongSupplier nanoClock) {
        this.out = out;
        this.enabled = enabled;
        this.nanoClock = nanoClock;
    }

    /** A display on standard output that draws only when the JVM has a console (an interactive terminal). */
    public static Progress onConsole() {
        return new Progress(System.out, System.console() != null, System::nanoTime);
    }

    /**
     * Reports that batch {@code batch} (from 1) of {@code batchesPerEpoch} in epoch {@code epoch} (from 1) of
     * {@code epochs} is done; {@code samples} counts all samples trained so far. Redraws when due; otherwise returns
     * at once without allocating.
     */
    public void update(int epoch, int epochs, long batch, long batchesPerEpoch, double runningLoss, long samples) {
        if (!enabled) {
            return;
        }
        long now = nanoClock.getAsLong();
        long batchesDone = (epoch - 1) * batchesPerEpoch + batch;
        if (!started) {
            started = true;
            startNanos = now;
            startBatches = batchesDone;
            startSamples = samples;
        } else if (now - lastDrawNanos < REDRAW_NANOS) {
            return;
        }
        lastDrawNanos = now;
        String line = line(epoch, epochs, batch, batchesPerEpoch, runningLoss,
                (now - startNanos) * 1e-9, batchesDone - startBatches, samples - startSamples,
                epochs * batchesPerEpoch - batchesDone);
        int padding = Math.max(0, drawnLength - line.length());
        out.print('\r' + line + " ".repeat(padding));
        out.flush();
        drawnLength = line.length();
    }

    /** Erases the line drawn, if any, leaving the cursor at its start. */
    public void clear() {
        if (enabled && drawnLength > 0) {
            out.print('\r' + " ".repeat(drawnLength) + '\r');
            out.flush();
            drawnLength = 0;
        }
    }

    static String line(int epoch, int epochs, long batch, long batchesPerEpoch, double runningLoss, double seconds,
                       long batchesTimed, long samplesTimed, long batchesLeft) {
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "epoch %d/%d  batch %d/%d  loss %.4f", epoch, epochs, batch,
                batchesPerEpoch, runningLoss));
        if (seconds > 0 && batchesTimed > 0) {
            text.append(String.format(Locale.ROOT, "  %.0f samples/s  ETA %s", samplesTimed / seconds,
                    duration(Math.round(batchesLeft * seconds / batchesTimed))));
        }
        return text.toString();
    }

    /** {@code m:ss} below an hour, {@code h:mm:ss} above. */
    static String duration(long totalSeconds) {
        long hours = totalSeconds / 3600;
        long minutes = totalSeconds / 60 % 60;
        long seconds = totalSeconds % 60;
        return hours > 0
                ? String.format(Locale.ROOT, "%d:%02d:%02d", hours, minutes, seconds)
                : String.format(Locale.ROOT, "%d:%02d", minutes, seconds);
    }
}
