package dev.nnet.diag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.List;
import org.junit.jupiter.api.Test;

class SarifRendererTest {
    @Test
    void hasTheRequiredSarifStructure() {
        String sarif = SarifRenderer.render(List.of(new FileDiagnostics(JsonRendererTest.FILE,
                List.of(JsonRendererTest.full(), JsonRendererTest.bare()))), "9.9");
        JsonObject log = JsonParser.parseString(sarif).getAsJsonObject();
        assertTrue(log.get("$schema").getAsString().contains("sarif-2.1.0"));
        assertEquals("2.1.0", log.get("version").getAsString());
        JsonObject run = log.getAsJsonArray("runs").get(0).getAsJsonObject();

        JsonObject driver = run.getAsJsonObject("tool").getAsJsonObject("driver");
        assertEquals("nnetc", driver.get("name").getAsString());
        JsonArray rules = driver.getAsJsonArray("rules");
        assertEquals(Code.values().length, rules.size(), "every code is a rule");
        JsonObject e0201 = rules.get(Code.E0201.ordinal()).getAsJsonObject();
        assertEquals("E0201", e0201.get("id").getAsString());
        assertEquals(Code.E0201.summary(), e0201.getAsJsonObject("shortDescription").get("text").getAsString());

        JsonArray results = run.getAsJsonArray("results");
        assertEquals(2, results.size());
        JsonObject r = results.get(0).getAsJsonObject();
        assertEquals("E0201", r.get("ruleId").getAsString());
        assertEquals(Code.E0201.ordinal(), r.get("ruleIndex").getAsInt());
        assertEquals("error", r.get("level").getAsString());
        assertEquals("linear `fc` expects 320 features", r.getAsJsonObject("message").get("text").getAsString());
        JsonObject physical = r.getAsJsonArray("locations").get(0).getAsJsonObject()
                .getAsJsonObject("physicalLocation");
        assertEquals("dir/a.nnet", physical.getAsJsonObject("artifactLocation").get("uri").getAsString());
        JsonObject region = physical.getAsJsonObject("region");
        assertEquals(2, region.get("startLine").getAsInt());
        assertEquals(3, region.get("startColumn").getAsInt());
        assertEquals(2, region.get("endLine").getAsInt());
        assertEquals(8, region.get("endColumn").getAsInt());
        assertEquals("declared here", r.getAsJsonArray("relatedLocations").get(0).getAsJsonObject()
                .getAsJsonObject("message").get("text").getAsString());
        assertEquals("400", r.getAsJsonArray("fixes").get(0).getAsJsonObject().getAsJsonArray("artifactChanges")
                .get(0).getAsJsonObject().getAsJsonArray("replacements").get(0).getAsJsonObject()
                .getAsJsonObject("insertedContent").get("text").getAsString());

        JsonObject w = results.get(1).getAsJsonObject();
        assertEquals("warning", w.get("level").getAsString());
        assertFalse(w.has("fixes"));
    }

    @Test
    void pathsBecomeUriReferences() {
        assertEquals("my%20models/a.nnet", SarifRenderer.uri("my models/a.nnet"));
        assertEquals("dir/a.nnet", SarifRenderer.uri("dir\\a.nnet"));
        assertEquals("file:///tmp/a.nnet", SarifRenderer.uri("/tmp/a.nnet"));
    }
}
