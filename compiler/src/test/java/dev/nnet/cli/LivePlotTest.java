package dev.nnet.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code nnet train --plot IMAGE --plot-every SECONDS}: redrawn from the growing log while training runs. */
class LivePlotTest {
    @TempDir
    Path dir;

    @Test
    void redrawsWhileTheLogGrowsAndDrawsOnceMoreAtTheEnd() throws Exception {
        Path log = dir.resolve("m.jsonl");
        Path image = dir.resolve("live.svg");
        Files.writeString(log, ""); // no event yet: the first redraws wait for one
        LivePlot live = LivePlot.start(log, image, "live", 1);
        try {
            Thread.sleep(1300);
            assertFalse(Files.exists(image), "nothing to draw yet");
            append(log, "{\"event\":\"train\",\"epoch\":1,\"batch\":10,\"step\":10,\"loss\":0.5}\n");
            waitFor(image, 5000);
            assertTrue(Files.readString(image).contains("train loss"));
            append(log, "{\"event\":\"eval\",\"epoch\":1,\"data\":\"test\",\"accuracy\":91.0,\"count\":10}\n");
        } finally {
            live.finish();
        }
        assertTrue(Files.readString(image).contains("test accuracy"), "the final draw has the last event");
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".tmp")), "no temporary file left");
        }
    }

    private static void append(Path log, String line) throws IOException {
        Files.writeString(log, line, StandardOpenOption.APPEND);
    }

    private static void waitFor(Path file, long millis) throws InterruptedException {
        long end = System.currentTimeMillis() + millis;
        while (!Files.exists(file) && System.currentTimeMillis() < end) {
            Thread.sleep(50);
        }
        assertTrue(Files.exists(file), file + " was not drawn within " + millis + " ms");
    }
}
