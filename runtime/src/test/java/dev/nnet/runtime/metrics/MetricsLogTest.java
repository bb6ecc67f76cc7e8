package dev.nnet.runtime.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.nnet.runtime.EvalTotals;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsLogTest {
    @Test
    void trainAndEvalEventsAreOneJsonObjectPerLine() {
        StringWriter text = new StringWriter();
        try (MetricsLog log = new MetricsLog(text, "test")) {
            log.train(1, 300, 300, 0.123, 51234.56);
            EvalTotals totals = totals(71.0, 9780, 10000);
            log.eval(1, "test", totals, true, true);
            log.eval(2, "train \"quoted\"", totals, false, true);
        }
        String[] lines = text.toString().split("\n");
        assertEquals(3, lines.length);
        assertEquals("{\"event\":\"train\",\"epoch\":1,\"batch\":300,\"step\":300,\"loss\":0.123,\"samples_per_s\":51234.6}",
                lines[0]);
        JsonObject eval = JsonParser.parseString(lines[1]).getAsJsonObject();
        assertEquals("eval", eval.get("event").getAsString());
        assertEquals(1, eval.get("epoch").getAsInt());
        assertEquals("test", eval.get("data").getAsString());
        assertEquals(97.8, eval.get("accuracy").getAsDouble(), 1e-12);
        assertEquals(0.0071, eval.get("loss").getAsDouble(), 1e-12);
        assertEquals(9780, eval.get("correct").getAsLong());
        assertEquals(10000, eval.get("count").getAsLong());
        JsonObject accuracyOnly = JsonParser.parseString(lines[2]).getAsJsonObject();
        assertEquals("train \"quoted\"", accuracyOnly.get("data").getAsString());
        assertFalse(accuracyOnly.has("loss"));
    }

    @Test
    void nonFiniteValuesBecomeNullWithANote() {
        StringWriter text = new StringWriter();
        try (MetricsLog log = new MetricsLog(text, "test")) {
            log.train(1, 10, 10, Double.NaN, Double.POSITIVE_INFINITY);
            log.eval(1, "test", new EvalTotals(), true, true);
        }
        String[] lines = text.toString().split("\n");
        JsonObject train = JsonParser.parseString(lines[0]).getAsJsonObject();
        assertTrue(train.get("loss").isJsonNull());
        assertTrue(train.get("samples_per_s").isJsonNull());
        assertEquals("loss was NaN; samples_per_s was Infinity", train.get("note").getAsString());
        JsonObject empty = JsonParser.parseString(lines[1]).getAsJsonObject();
        assertTrue(empty.get("accuracy").isJsonNull());
        assertEquals(0, empty.get("count").getAsLong());
    }

    @Test
    void aFileIsFlushedPerLineAndAppendedToOnlyWhenAsked(@TempDir Path dir) throws IOException {
        Path path = dir.resolve("runs/metrics.jsonl");
        MetricsLog first = MetricsLog.open(path, false);
        first.train(1, 1, 1, 0.5, 100);
        assertEquals(1, Files.readAllLines(path, StandardCharsets.UTF_8).size(), "flushed before close");
        first.close();
        try (MetricsLog resumed = MetricsLog.open(path, true)) {
            resumed.train(1, 2, 2, 0.4, 100);
        }
        List<String> lines = Files.readAllLines(path, StandardCharsets.UTF_8);
        assertEquals(2, lines.size());
        assertEquals(2, JsonParser.parseString(lines.get(1)).getAsJsonObject().get("step").getAsLong());
        try (MetricsLog fresh = MetricsLog.open(path, false)) {
            fresh.train(1, 1, 1, 0.3, 100);
        }
        assertEquals(1, Files.readAllLines(path, StandardCharsets.UTF_8).size());
    }

    private static EvalTotals totals(double lossSum, long correct, long count) {
        EvalTotals totals = new EvalTotals();
        totals.lossSum = lossSum;
        totals.correct = correct;
        totals.count = count;
        return totals;
    }
}
