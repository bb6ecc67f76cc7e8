package dev.nnet.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * {@code nnet eval}'s progress, {@code evaluating train  23040/60000 samples (38%)}, redrawn in place on standard
 * error at most ten times a second, and only on a terminal, so redirected output holds the results alone.
 */
final class EvalProgress implements LongConsumer {
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintWriter err;
    private final boolean live;
    private final LongSupplier clock;
    private final String data;
    private final long total;
    private long lastDraw;
    private int drawn;

    EvalProgress(PrintWriter err, boolean live, LongSupplier clock, String data, long total) {
        this.err = err;
        this.live = live;
        this.clock = clock;
        this.data = data;
        this.total = total;
        this.lastDraw = clock.getAsLong();
    }

    /** Draws on this JVM's terminal, if it has one. */
    static EvalProgress onConsole(PrintWriter err, String data, long total) {
        return new EvalProgress(err, System.console() != null, System::nanoTime, data, total);
    }

    @Override
    public void accept(long done) {
        long now = clock.getAsLong();
        if (!live || now - lastDraw < REDRAW_NANOS || done >= total) {
            return;
        }
        lastDraw = now;
        String line = line(data, done, total);
        err.print('\r' + line + " ".repeat(Math.max(0, drawn - line.length())));
        err.flush();
        drawn = line.length();
    }

    /** Erases the line, before the result is printed. */
    void clear() {
        if (drawn > 0) {
            err.print('\r' + " ".repeat(drawn) + '\r');
            err.flush();
            drawn = 0;
        }
    }

    static String line(String data, long done, long total) {
        return String.format(Locale.ROOT, "evaluating %s  %d/%d samples (%d%%)", data, done, total,
                total == 0 ? 100 : done * 100 / total);
    }
}
