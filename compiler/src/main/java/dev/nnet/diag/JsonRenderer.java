package dev.nnet.diag;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;

/**
 * Diagnostics as JSON for editors and scripts: one object per file, an array of them for several files. Every key
 * is always present (absent values are {@code null} or empty), so consumers need no existence checks.
 */
public final class JsonRenderer {
    /** HTML escaping off: messages quote code such as {@code a < b}, and {@code \u003c} helps no reader. */
    static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeNulls().disableHtmlEscaping().create();

    private JsonRenderer() {
    }

    /** One file: a single object, ending with a newline. */
    public static String render(FileDiagnostics file) {
        StringWriter out = new StringWriter();
        write(file, out);
        return out.toString();
    }

    /** Several files: an array with one object per file, ending with a newline. */
    public static String render(List<FileDiagnostics> files) {
        StringWriter out = new StringWriter();
        write(files, out);
        return out.toString();
    }

    /**
     * As {@link #render(FileDiagnostics)}, streamed: one diagnostic's tree at a time, so half a million diagnostics
     * never exist as one JSON tree and one string.
     */
    public static void write(FileDiagnostics file, Writer out) {
        try {
            JsonWriter w = writer(out);
            file(w, file);
            w.flush();
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** As {@link #render(List)}, streamed. */
    public static void write(List<FileDiagnostics> files, Writer out) {
        try {
            JsonWriter w = writer(out);
            w.beginArray();
            for (FileDiagnostics f : files) {
                file(w, f);
            }
            w.endArray();
            w.flush();
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Formatted exactly as {@link #GSON} pretty-prints a tree. */
    private static JsonWriter writer(Writer out) {
        JsonWriter w = new JsonWriter(out);
        w.setIndent("  ");
        w.setSerializeNulls(true);
        w.setHtmlSafe(false);
        return w;
    }

    private static void file(JsonWriter w, FileDiagnostics file) throws IOException {
        w.beginObject();
        w.name("file").value(file.source().path());
        w.name("diagnostics").beginArray();
        for (Diagnostic d : file.diagnostics()) {
            GSON.toJson(diagnostic(d), w);
        }
        w.endArray();
        w.endObject();
    }

    static JsonObject diagnostic(Diagnostic d) {
        JsonObject o = new JsonObject();
        o.addProperty("severity", d.severity().label());
        o.addProperty("code", d.code());
        o.addProperty("message", d.message());
        o.add("span", span(d.span()));
        o.addProperty("spanLabel", d.spanLabel());
        JsonArray labels = new JsonArray();
        for (Label l : d.labels()) {
            JsonObject lo = new JsonObject();
            lo.add("span", span(l.span()));
            lo.addProperty("message", l.message());
            labels.add(lo);
        }
        o.add("labels", labels);
        JsonArray notes = new JsonArray();
        d.notes().forEach(notes::add);
        o.add("notes", notes);
        o.add("help", d.help() == null ? JsonNull.INSTANCE : new JsonPrimitive(d.help()));
        JsonElement fix = JsonNull.INSTANCE;
        if (d.fix() != null) {
            JsonObject fo = new JsonObject();
            fo.add("span", span(d.fix().span()));
            fo.addProperty("replacement", d.fix().replacement());
            fix = fo;
        }
        o.add("fix", fix);
        return o;
    }

    /** Offsets for tools that slice the text, 1-based line/column for people; end is exclusive in both. */
    static JsonObject span(Span s) {
        JsonObject o = new JsonObject();
        o.addProperty("start", s.start());
        o.addProperty("end", s.end());
        o.addProperty("line", s.line());
        o.addProperty("column", s.column());
        o.addProperty("endLine", s.endLine());
        o.addProperty("endColumn", s.endColumn());
        return o;
    }
}
