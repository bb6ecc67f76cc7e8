package dev.nnet.cli;

import dev.nnet.plot.ChartFiles;
import dev.nnet.plot.CurvesChart;
import dev.nnet.plot.MetricsFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@code nnet train --plot FILE}: draws the run's metrics log at the end, and with {@code --plot-every SECONDS}
 * also while it trains, from a daemon thread that rereads the log (which the training loop flushes line by line),
 * so the training thread does no drawing. A redraw that fails (an empty log at the start) waits for the next one.
 */
final class LivePlot {
    static final int WIDTH = 900;
    static final int HEIGHT = 600;

    private final Path metrics;
    private final Path image;
    private final String title;
    private final ScheduledExecutorService timer;

    private LivePlot(Path metrics, Path image, String title, Integer everySeconds) {
        this.metrics = metrics;
        this.image = image;
        this.title = title;
        if (everySeconds == null) {
            timer = null;
        } else {
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "nnet-live-plot");
                t.setDaemon(true);
                return t;
            });
            timer.scheduleWithFixedDelay(this::drawQuietly, everySeconds, everySeconds, TimeUnit.SECONDS);
        }
    }

    static LivePlot start(Path metrics, Path image, String title, Integer everySeconds) {
        ChartFiles.checkExtension(image);
        return new LivePlot(metrics, image, title, everySeconds);
    }

    private void drawQuietly() {
        try {
            draw();
        } catch (RuntimeException e) {
            // The log may not have its first line yet; the final draw reports real problems.
        }
    }

    private synchronized void draw() {
        ChartFiles.write(CurvesChart.of(MetricsFile.read(metrics), title), image, WIDTH, HEIGHT);
    }

    /** Stops the live redraws and draws the final image. */
    void finish() {
        stop();
        draw();
    }

    /** Stops the live redraws, waiting for one under way; does nothing the second time. */
    void stop() {
        if (timer != null && !timer.isShutdown()) {
            timer.shutdownNow();
            try {
                timer.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A metrics log for a run that plots without keeping its log. */
    static Path temporaryLog() {
        try {
            return Files.createTempFile("nnet-metrics-", ".jsonl");
        } catch (IOException e) {
            throw new UsageException("cannot create a temporary metrics log for --plot: " + e.getMessage());
        }
    }

    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a leftover temporary log is not worth failing a finished run for
        }
    }
}
