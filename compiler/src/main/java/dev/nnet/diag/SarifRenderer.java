package dev.nnet.diag;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * SARIF 2.1.0 for code-scanning services: one run, every {@link Code} as a rule (so a result's rule is always
 * described), one result per diagnostic with labels as related locations and a {@link Fix} as a SARIF fix.
 * Columns are UTF-16 code units, SARIF's default, which is what {@link Span} counts.
 */
public final class SarifRenderer {
    static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

    private SarifRenderer() {
    }

    public static String render(List<FileDiagnostics> files, String toolVersion) {
        JsonObject driver = new JsonObject();
        driver.addProperty("name", "nnetc");
        driver.addProperty("version", toolVersion);
        JsonArray rules = new JsonArray();
        for (Code c : Code.values()) {
            JsonObject rule = new JsonObject();
            rule.addProperty("id", c.id());
            rule.add("shortDescription", text(c.summary()));
            JsonObject config = new JsonObject();
            config.addProperty("level", c.severity().label());
            rule.add("defaultConfiguration", config);
            rules.add(rule);
        }
        driver.add("rules", rules);
        JsonObject tool = new JsonObject();
        tool.add("driver", driver);

        JsonArray results = new JsonArray();
        for (FileDiagnostics f : files) {
            String uri = uri(f.source().path());
            for (Diagnostic d : f.diagnostics()) {
                results.add(result(d, uri));
            }
        }
        JsonObject run = new JsonObject();
        run.add("tool", tool);
        run.addProperty("columnKind", "utf16CodeUnits");
        run.add("results", results);
        JsonArray runs = new JsonArray();
        runs.add(run);

        JsonObject log = new JsonObject();
        log.addProperty("$schema", SCHEMA);
        log.addProperty("version", "2.1.0");
        log.add("runs", runs);
        return JsonRenderer.GSON.toJson(log) + "\n";
    }

    private static JsonObject result(Diagnostic d, String uri) {
        JsonObject r = new JsonObject();
        r.addProperty("ruleId", d.code());
        int index = ruleIndex(d.code());
        if (index >= 0) {
            r.addProperty("ruleIndex", index);
        }
        r.addProperty("level", d.severity().label());
        r.add("message", text(d.message()));
        JsonArray locations = new JsonArray();
        locations.add(location(uri, d.span()));
        r.add("locations", locations);
        if (!d.labels().isEmpty()) {
            JsonArray related = new JsonArray();
            int id = 1;
            for (Label l : d.labels()) {
                JsonObject loc = location(uri, l.span());
                loc.addProperty("id", id++);
                loc.add("message", text(l.message()));
                related.add(loc);
            }
            r.add("relatedLocations", related);
        }
        if (d.fix() != null) {
            JsonObject replacement = new JsonObject();
            replacement.add("deletedRegion", region(d.fix().span()));
            replacement.add("insertedContent", text(d.fix().replacement()));
            JsonArray replacements = new JsonArray();
            replacements.add(replacement);
            JsonObject change = new JsonObject();
            change.add("artifactLocation", artifact(uri));
            change.add("replacements", replacements);
            JsonArray changes = new JsonArray();
            changes.add(change);
            JsonObject fix = new JsonObject();
            fix.add("description", text(d.help() == null ? "apply the suggested replacement" : d.help()));
            fix.add("artifactChanges", changes);
            JsonArray fixes = new JsonArray();
            fixes.add(fix);
            r.add("fixes", fixes);
        }
        return r;
    }

    private static int ruleIndex(String code) {
        Code[] all = Code.values();
        for (int i = 0; i < all.length; i++) {
            if (all[i].id().equals(code)) {
                return i;
            }
        }
        return -1;
    }

    private static JsonObject location(String uri, Span span) {
        JsonObject physical = new JsonObject();
        physical.add("artifactLocation", artifact(uri));
        physical.add("region", region(span));
        JsonObject loc = new JsonObject();
        loc.add("physicalLocation", physical);
        return loc;
    }

    private static JsonObject artifact(String uri) {
        JsonObject a = new JsonObject();
        a.addProperty("uri", uri);
        return a;
    }

    /** SARIF's endColumn is one past the last character, like {@link Span#endColumn()}. */
    private static JsonObject region(Span s) {
        JsonObject r = new JsonObject();
        r.addProperty("startLine", s.line());
        r.addProperty("startColumn", s.column());
        r.addProperty("endLine", s.endLine());
        r.addProperty("endColumn", s.endColumn());
        return r;
    }

    private static JsonObject text(String s) {
        JsonObject o = new JsonObject();
        o.addProperty("text", s);
        return o;
    }

    /**
     * A relative URI reference for a path as the user wrote it: forward slashes, and everything outside RFC 3986's
     * unreserved set percent-encoded, so {@code my model.nnet} stays a valid URI; an absolute path becomes a
     * {@code file://} URI.
     */
    static String uri(String path) {
        StringBuilder out = new StringBuilder(path.startsWith("/") ? "file://" : "");
        for (byte b : path.replace('\\', '/').getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~/".indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }
}
