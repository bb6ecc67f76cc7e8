package dev.nnet.runtime.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private long now = 1_000_000_000L;

    private String printed() {
        String text = bytes.toString(StandardCharsets.UTF_8);
        bytes.reset();
        return text;
    }

    @Test
    void silentWhenNotOnATerminal() {
        Progress progress = new Progress(out, false, () -> now);
        progress.update(1, 2, 1, 10, 0.5, 64);
        progress.clear();
        assertEquals("", printed());
    }

    @Test
    void redrawsInPlaceAtMostTenTimesASecond() {
        Progress progress = new Progress(out, true, () -> now);
        progress.update(1, 2, 1, 10, 2.5, 64);
        assertEquals("\repoch 1/2  batch 1/10  loss 2.5000", printed());
        now += 50_000_000L;
        progress.update(1, 2, 2, 10, 2.4, 128);
        assertEquals("", printed(), "too soon");
        now += 50_000_000L;
        progress.update(1, 2, 3, 10, 2.3, 192);
        // 2 batches and 128 samples in 0.1 s; 17 batches left at 20 batches/s
        assertEquals("\repoch 1/2  batch 3/10  loss 2.3000  1280 samples/s  ETA 0:01", printed());
        now += 200_000_000L;
        progress.update(2, 2, 1, 10, 0.25, 704);
        // 10 batches in 0.3 s, 9 left
        String line = "\repoch 2/2  batch 1/10  loss 0.2500  2133 samples/s  ETA 0:00";
        assertEquals(line, printed());
        progress.clear();
        assertEquals("\r" + " ".repeat(line.length() - 1) + "\r", printed());
    }

    @Test
    void aShorterLineIsPaddedToCoverTheLongerOne() {
        Progress progress = new Progress(out, true, () -> now);
        progress.update(1, 1, 1, 100, 123456, 64);
        printed();
        now += Progress.REDRAW_NANOS;
        progress.update(1, 1, 2, 100, 123456, 128);
        assertEquals("\repoch 1/1  batch 2/100  loss 123456.0000  640 samples/s  ETA 0:10", printed());
        now += Progress.REDRAW_NANOS;
        progress.update(1, 1, 3, 100, 1, 192);
        assertEquals("\repoch 1/1  batch 3/100  loss 1.0000  640 samples/s  ETA 0:10     ", printed());
    }

    @Test
    void durations() {
        assertEquals("0:00", Progress.duration(0));
        assertEquals("1:05", Progress.duration(65));
        assertEquals("2:03:04", Progress.duration(2 * 3600 + 3 * 60 + 4));
    }
}
