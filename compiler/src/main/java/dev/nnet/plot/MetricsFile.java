package dev.nnet.plot;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The curves in a JSON-lines metrics log ({@code nnet train --metrics F}), by optimizer step: the training loss as
 * logged (each point the mean since the previous one), each epoch's mean loss, and each evaluated set's loss and
 * accuracy at the end of its epoch. Unknown events and fields are ignored; a missing (non-finite) value leaves a gap.
 */
public record MetricsFile(List<Point> trainLoss, List<Point> epochLoss, Map<String, List<Point>> evalLoss,
                          Map<String, List<Point>> evalAccuracy) {
    /** One value at one optimizer step. */
    public record Point(long step, double value) {
    }

    public boolean isEmpty() {
        return trainLoss.isEmpty() && epochLoss.isEmpty() && evalLoss.isEmpty() && evalAccuracy.isEmpty();
    }

    /** Reads the log; a line that is not a JSON object is a {@link PlotException} naming its line number. */
    public static MetricsFile read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new PlotException("cannot read '" + file + "': no such file");
        } catch (IOException e) {
            throw new PlotException("cannot read '" + file + "': " + e.getMessage());
        }
        return parse(file.toString(), lines);
    }

    /** The lines of a log; {@code where} names it in messages. */
    public static MetricsFile parse(String where, List<String> lines) {
        List<Point> train = new ArrayList<>();
        List<Point> epochs = new ArrayList<>();
        Map<String, List<Point>> evalLoss = new LinkedHashMap<>();
        Map<String, List<Point>> evalAccuracy = new LinkedHashMap<>();
        Map<Long, Long> epochEnd = new HashMap<>();
        long lastStep = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            JsonObject o = object(where, i + 1, line);
            String event = text(o, "event");
            if ("train".equals(event) || "epoch".equals(event)) {
                lastStep = number(o, "step") == null ? lastStep : number(o, "step").longValue();
                add("train".equals(event) ? train : epochs, lastStep, number(o, "loss"));
                Number epoch = number(o, "epoch");
                if (epoch != null) {
                    epochEnd.put(epoch.longValue(), lastStep);
                }
            } else if ("eval".equals(event)) {
                String data = text(o, "data") == null ? "eval" : text(o, "data");
                Number epoch = number(o, "epoch");
                long step = epoch == null ? lastStep : epochEnd.getOrDefault(epoch.longValue(), lastStep);
                add(evalLoss.computeIfAbsent(data, k -> new ArrayList<>()), step, number(o, "loss"));
                add(evalAccuracy.computeIfAbsent(data, k -> new ArrayList<>()), step, number(o, "accuracy"));
            }
        }
        evalLoss.values().removeIf(List::isEmpty);
        evalAccuracy.values().removeIf(List::isEmpty);
        return new MetricsFile(List.copyOf(train), List.copyOf(epochs), Collections.unmodifiableMap(evalLoss),
                Collections.unmodifiableMap(evalAccuracy));
    }

    private static JsonObject object(String where, int lineNumber, String line) {
        try {
            JsonElement e = JsonParser.parseString(line);
            if (e.isJsonObject()) {
                return e.getAsJsonObject();
            }
        } catch (JsonParseException e) {
            // reported below, with the line
        }
        String shown = line.length() > 60 ? line.substring(0, 60) + "..." : line;
        throw new PlotException(where + ":" + lineNumber + ": not a JSON object: " + shown
                + "\n(expected the JSON lines `nnet train --metrics FILE` writes)");
    }

    private static void add(List<Point> points, long step, Number value) {
        if (value != null) {
            points.add(new Point(step, value.doubleValue()));
        }
    }

    private static String text(JsonObject o, String name) {
        JsonElement e = o.get(name);
        return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isString() ? e.getAsString() : null;
    }

    private static Number number(JsonObject o, String name) {
        JsonElement e = o.get(name);
        return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber() ? e.getAsNumber() : null;
    }
}
