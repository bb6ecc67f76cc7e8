package dev.nnet.diag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonRendererTest {
    static final SourceFile FILE = new SourceFile("dir/a.nnet", "fc = linear(320, 10)\ny = fc(x) < 1\n");

    static Diagnostic full() {
        Span primary = FILE.span(23, 28);
        Span decl = FILE.span(12, 15);
        return new Diagnostic(Severity.ERROR, "E0201", primary, "linear `fc` expects 320 features", "here",
                List.of(new Label(decl, "declared here")), List.of("note one", "note <two>"), "declare 400",
                new Fix(decl, "400"));
    }

    static Diagnostic bare() {
        return new Diagnostic(Severity.WARNING, "W0301", FILE.span(0, 2), "unused layer `fc`", "", List.of(),
                List.of(), null, null);
    }

    @Test
    void oneFileIsAnObjectWithEveryField() {
        String json = JsonRenderer.render(new FileDiagnostics(FILE, List.of(full(), bare())));
        assertTrue(json.contains("note <two>"), "no HTML escaping: " + json);
        JsonObject root = JsonParser.parseString(json).getAsJsonObject();
        assertEquals("dir/a.nnet", root.get("file").getAsString());
        JsonArray ds = root.getAsJsonArray("diagnostics");
        assertEquals(2, ds.size());

        JsonObject d = ds.get(0).getAsJsonObject();
        assertEquals("error", d.get("severity").getAsString());
        assertEquals("E0201", d.get("code").getAsString());
        assertEquals("linear `fc` expects 320 features", d.get("message").getAsString());
        JsonObject span = d.getAsJsonObject("span");
        assertEquals(23, span.get("start").getAsInt());
        assertEquals(28, span.get("end").getAsInt());
        assertEquals(2, span.get("line").getAsInt());
        assertEquals(3, span.get("column").getAsInt());
        assertEquals(2, span.get("endLine").getAsInt());
        assertEquals(8, span.get("endColumn").getAsInt());
        assertEquals("here", d.get("spanLabel").getAsString());
        JsonObject label = d.getAsJsonArray("labels").get(0).getAsJsonObject();
        assertEquals("declared here", label.get("message").getAsString());
        assertEquals(13, label.getAsJsonObject("span").get("column").getAsInt());
        assertEquals(2, d.getAsJsonArray("notes").size());
        assertEquals("declare 400", d.get("help").getAsString());
        JsonObject fix = d.getAsJsonObject("fix");
        assertEquals("400", fix.get("replacement").getAsString());
        assertEquals(12, fix.getAsJsonObject("span").get("start").getAsInt());

        JsonObject w = ds.get(1).getAsJsonObject();
        assertEquals("warning", w.get("severity").getAsString());
        assertTrue(w.has("help") && w.get("help").isJsonNull(), "absent help is an explicit null");
        assertTrue(w.has("fix") && w.get("fix").isJsonNull(), "absent fix is an explicit null");
        assertEquals(0, w.getAsJsonArray("labels").size());
        assertEquals("", w.get("spanLabel").getAsString());
    }

    @Test
    void severalFilesAreAnArray() {
        SourceFile other = new SourceFile("b.nnet", "");
        String json = JsonRenderer.render(List.of(new FileDiagnostics(FILE, List.of(full())),
                new FileDiagnostics(other, List.of())));
        JsonArray files = JsonParser.parseString(json).getAsJsonArray();
        assertEquals(2, files.size());
        assertEquals("b.nnet", files.get(1).getAsJsonObject().get("file").getAsString());
        assertEquals(0, files.get(1).getAsJsonObject().getAsJsonArray("diagnostics").size());
    }
}
