package dev.nnet.runtime.data.fetch;

import java.io.PrintStream;
import java.util.Locale;

/**
 * What a download shows: on a terminal a bar redrawn in place at most ten times a second,
 * {@code train-images-idx3-ubyte.gz  [##########..........]  4.9 MB/9.9 MB}; elsewhere only one line per finished file,
 * so logs stay clean.
 */
final class DownloadProgress {
    private static final long REDRAW_NANOS = 100_000_000L;
    private static final int WIDTH = 20;

    private final PrintStream out;
    private final boolean live;
    private long lastDraw;
    private int drawn;

    DownloadProgress(PrintStream out, boolean live) {
        this.out = out;
        this.live = live;
    }

    void update(RemoteFile file, long bytes) {
        long now = System.nanoTime();
        if (!live || now - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        int filled = (int) Math.min(WIDTH, WIDTH * bytes / Math.max(1, file.size()));
        String line = String.format(Locale.ROOT, "%s  [%s%s]  %s/%s", file.name(), "#".repeat(filled),
                ".".repeat(WIDTH - filled), megabytes(bytes), megabytes(file.size()));
        out.print('\r' + line + " ".repeat(Math.max(0, drawn - line.length())));
        out.flush();
        drawn = line.length();
    }

    void done(RemoteFile file, String what) {
        clear();
        out.println(file.name() + "  " + megabytes(file.size()) + "  " + what);
        out.flush();
    }

    /** A line of its own, e.g. that a server failed and the next is tried. */
    void note(String text) {
        clear();
        out.println(text);
        out.flush();
    }

    /** Erases the bar, if one is drawn: before a result line, or before an error is printed. */
    void clear() {
        if (drawn > 0) {
            out.print('\r' + " ".repeat(drawn) + '\r');
            out.flush();
            drawn = 0;
        }
    }

    static String megabytes(long bytes) {
        return bytes < 1_000_000 ? String.format(Locale.ROOT, "%.1f kB", bytes / 1e3)
                : String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }
}
