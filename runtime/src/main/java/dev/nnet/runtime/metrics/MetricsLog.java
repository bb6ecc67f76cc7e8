package dev.nnet.runtime.metrics;

import com.google.gson.stream.JsonWriter;
import dev.nnet.runtime.EvalTotals;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A JSON-lines log of a run, one object per event, flushed line by line so a crash loses nothing written and
 * another process can follow it:
 * <pre>
 * {"event":"train","epoch":1,"batch":300,"step":300,"loss":0.123,"samples_per_s":51234.5}
 * {"event":"train","epoch":1,"batch":938,"step":938,"loss":0.101,"samples_per_s":51002.1}
 * {"event":"epoch","epoch":1,"batch":938,"step":938,"loss":0.287,"samples_per_s":50987.3}
 * {"event":"eval","epoch":1,"data":"test","accuracy":97.8,"loss":0.071,"correct":9780,"count":10000}
 * </pre>
 * A {@code train} event's loss is the mean over the batches since the previous {@code train} event (or the epoch's
 * start), so consecutive ones form one smooth curve; the epoch's mean loss over all its samples is a separate
 * {@code epoch} event. (Writing the epoch mean as a {@code train} event made every plot spike at epoch ends.)
 * JSON has no NaN or infinity: such a value is written as {@code null} and named in a {@code "note"} field, e.g.
 * {@code "loss":null,...,"note":"loss was NaN"}.
 */
public final class MetricsLog implements Closeable {
    private final Writer out;
    private final String where;

    /** Writes to {@code out}, which this log closes; {@code where} names it in error messages. */
    public MetricsLog(Writer out, String where) {
        this.out = out;
        this.where = where;
    }

    /**
     * Opens {@code path} for writing, creating its folder; {@code append} keeps earlier lines (a resumed run),
     * otherwise the file starts empty.
     */
    public static MetricsLog open(Path path, boolean append) {
        try {
            Path folder = path.toAbsolutePath().getParent();
            if (folder != null) {
                Files.createDirectories(folder);
            }
            BufferedWriter writer = Files.newBufferedWriter(path, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE,
                    append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING);
            return new MetricsLog(writer, path.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the metrics log " + path + ": " + e.getMessage(), e);
        }
    }

    /**
     * A training progress event; {@code loss} is the mean loss since the previous one, and samples per second are
     * rounded to one decimal.
     */
    public void train(int epoch, int batch, long step, double loss, double samplesPerSecond) {
        progress("train", epoch, batch, step, loss, samplesPerSecond);
    }

    /** The end of an epoch; {@code loss} is the epoch's mean loss over its samples. */
    public void epoch(int epoch, int batch, long step, double loss, double samplesPerSecond) {
        progress("epoch", epoch, batch, step, loss, samplesPerSecond);
    }

    private void progress(String event, int epoch, int batch, long step, double loss, double samplesPerSecond) {
        try {
            Line line = new Line();
            line.string("event", event);
            line.integer("epoch", epoch);
            line.integer("batch", batch);
            line.integer("step", step);
            line.real("loss", loss);
            line.real("samples_per_s", Double.isFinite(samplesPerSecond)
                    ? Math.round(samplesPerSecond * 10) / 10.0 : samplesPerSecond);
            write(line.end());
        } catch (IOException e) {
            throw failure("write", e);
        }
    }

    /** An evaluation of data set {@code data}, with the loss and/or the accuracy as asked for; always the count. */
    public void eval(int epoch, String data, EvalTotals totals, boolean withLoss, boolean withAccuracy) {
        try {
            Line line = new Line();
            line.string("event", "eval");
            line.integer("epoch", epoch);
            line.string("data", data);
            if (withAccuracy) {
                line.real("accuracy", totals.accuracy());
            }
            if (withLoss) {
                line.real("loss", totals.meanLoss());
            }
            if (withAccuracy) {
                line.integer("correct", totals.correct);
            }
            line.integer("count", totals.count);
            write(line.end());
        } catch (IOException e) {
            throw failure("write", e);
        }
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw failure("close", e);
        }
    }

    private void write(String json) throws IOException {
        out.write(json);
        out.write('\n');
        out.flush();
    }

    private UncheckedIOException failure(String action, IOException e) {
        return new UncheckedIOException("cannot " + action + " the metrics log " + where + ": " + e.getMessage(), e);
    }

    /** One JSON object being built; collects the names of non-finite values for its note. */
    private static final class Line {
        private final StringWriter text = new StringWriter();
        private final JsonWriter json = new JsonWriter(text);
        private final StringBuilder note = new StringBuilder();

        Line() throws IOException {
            json.beginObject();
        }

        void string(String name, String value) throws IOException {
            json.name(name).value(value);
        }

        void integer(String name, long value) throws IOException {
            json.name(name).value(value);
        }

        void real(String name, double value) throws IOException {
            if (Double.isFinite(value)) {
                json.name(name).value(value);
            } else {
                json.name(name).nullValue();
                note.append(note.length() == 0 ? "" : "; ").append(name).append(" was ").append(value);
            }
        }

        String end() throws IOException {
            if (note.length() > 0) {
                json.name("note").value(note.toString());
            }
            json.endObject();
            json.close();
            return text.toString();
        }
    }
}
