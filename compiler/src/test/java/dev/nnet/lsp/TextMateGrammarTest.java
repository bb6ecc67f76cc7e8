package dev.nnet.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.nnet.check.TrainBuiltins;
import dev.nnet.ops.Catalogue;
import dev.nnet.ops.Op;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The VS Code extension's static files: the TextMate grammar is valid JSON whose rules compile and cover every
 * keyword of {@code Nnet.g4} and every built-in the compiler knows, and the manifest points at real files.
 */
class TextMateGrammarTest {
    static final Path ROOT = Path.of(System.getProperty("nnet.repoRoot", ".."));
    static final Path EXTENSION = ROOT.resolve("editors/vscode");

    /** One rule: a regex and the scope it gives its whole match. */
    record Rule(Pattern regex, String scope) {
    }

    static JsonObject json(Path p) throws IOException {
        return JsonParser.parseString(Files.readString(p)).getAsJsonObject();
    }

    static JsonObject grammar() throws IOException {
        return json(EXTENSION.resolve("syntaxes/nnet.tmLanguage.json"));
    }

    /** Every {@code match} and {@code begin} rule, anywhere in the grammar, with the scope of its whole match. */
    static List<Rule> rules(JsonElement e, List<Rule> out) {
        if (e.isJsonObject()) {
            JsonObject o = e.getAsJsonObject();
            for (String key : List.of("match", "begin", "end")) {
                if (o.has(key)) {
                    String scope = o.has("name") ? o.get("name").getAsString()
                            : o.has("captures") && o.getAsJsonObject("captures").has("0")
                            ? o.getAsJsonObject("captures").getAsJsonObject("0").get("name").getAsString() : "";
                    out.add(new Rule(Pattern.compile(o.get(key).getAsString()), scope)); // throws if invalid
                }
            }
            o.entrySet().forEach(en -> rules(en.getValue(), out));
        } else if (e.isJsonArray()) {
            e.getAsJsonArray().forEach(x -> rules(x, out));
        }
        return out;
    }

    /** Whether some rule with a scope starting with {@code scopePrefix} matches exactly {@code word} in {@code text}. */
    static boolean scoped(List<Rule> rules, String text, String word, String scopePrefix) {
        int at = text.indexOf(word);
        for (Rule r : rules) {
            Matcher m = r.regex().matcher(text);
            if (r.scope().startsWith(scopePrefix) && m.find(at) && m.start() == at && m.end() == at + word.length()) {
                return true;
            }
        }
        return false;
    }

    @Test
    void theGrammarIsValidJsonWithTheExpectedScopes() throws IOException {
        JsonObject g = grammar();
        assertEquals("source.nnet", g.get("scopeName").getAsString());
        Set<String> scopes = new TreeSet<>();
        rules(g, new ArrayList<>()).forEach(r -> scopes.add(r.scope()));
        collectCaptureScopes(g, scopes);
        assertTrue(scopes.containsAll(List.of("comment.line.double-slash.nnet", "comment.block.nnet",
                "string.quoted.double.nnet", "constant.numeric.integer.nnet", "constant.numeric.float.nnet",
                "constant.language.boolean.nnet", "keyword.other.declaration.nnet", "keyword.control.nnet",
                "keyword.other.setting.nnet", "support.function.builtin.nnet", "support.function.train.nnet",
                "entity.name.type.nnet", "entity.name.function.nnet", "variable.parameter.keyword.nnet",
                "keyword.operator.arithmetic.nnet")), scopes.toString());
    }

    @Test
    void everyIncludeNamesARuleOfTheRepository() throws IOException {
        JsonObject g = grammar();
        Set<String> includes = new TreeSet<>();
        Matcher m = Pattern.compile("\"include\":\\s*\"#([^\"]+)\"").matcher(g.toString());
        while (m.find()) {
            includes.add(m.group(1));
        }
        assertFalse(includes.isEmpty());
        assertTrue(g.getAsJsonObject("repository").keySet().containsAll(includes), includes.toString());
    }

    @Test
    void everyKeywordOfTheLanguageIsHighlightedAsAKeyword() throws IOException {
        List<Rule> rules = rules(grammar(), new ArrayList<>());
        String g4 = Files.readString(ROOT.resolve("grammar/src/main/antlr4/dev/nnet/grammar/Nnet.g4"));
        Matcher literal = Pattern.compile("'([a-z_]+)'").matcher(g4);
        Set<String> keywords = new TreeSet<>();
        while (literal.find()) {
            keywords.add(literal.group(1));
        }
        assertTrue(keywords.containsAll(List.of("model", "forward", "optimizer", "true")), keywords.toString());
        for (String k : keywords) {
            assertTrue(scoped(rules, k + " ", k, "keyword.") || scoped(rules, k + " ", k, "constant.language."),
                    "keyword `" + k + "` is not highlighted");
        }
        assertFalse(scoped(rules, "models ", "models", "keyword."), "a keyword inside a longer name");
    }

    @Test
    void everyBuiltinTheCompilerKnowsIsHighlightedAsOne() throws IOException {
        List<Rule> rules = rules(grammar(), new ArrayList<>());
        for (Op op : Catalogue.all()) {
            assertTrue(scoped(rules, op.name() + "(x)", op.name(), "support.function.builtin"),
                    "built-in `" + op.name() + "` is not highlighted");
        }
        assertTrue(scoped(rules, "scan(cell, x, h)", "scan", "support.function.builtin"));
        assertTrue(scoped(rules, "  relu\n", "relu", "support.function.builtin"), "a bare sequential entry");
        for (Map<String, ?> table : List.of(TrainBuiltins.dataSources(), TrainBuiltins.transforms(),
                TrainBuiltins.optimizers(), TrainBuiltins.initializers())) {
            for (String name : table.keySet()) {
                assertTrue(scoped(rules, name + "(1)", name, "support.function"), "`" + name + "` is not highlighted");
            }
        }
    }

    @Test
    void theManifestPointsAtTheGrammarAndLanguageConfiguration() throws IOException {
        JsonObject pkg = json(EXTENSION.resolve("package.json"));
        JsonObject contributes = pkg.getAsJsonObject("contributes");
        JsonObject language = contributes.getAsJsonArray("languages").get(0).getAsJsonObject();
        assertEquals("nnet", language.get("id").getAsString());
        assertEquals(".nnet", language.getAsJsonArray("extensions").get(0).getAsString());
        JsonObject grammar = contributes.getAsJsonArray("grammars").get(0).getAsJsonObject();
        assertEquals("source.nnet", grammar.get("scopeName").getAsString());
        assertTrue(Files.isRegularFile(EXTENSION.resolve(grammar.get("path").getAsString())));
        assertTrue(contributes.getAsJsonObject("configuration").getAsJsonObject("properties").has("nnet.server.path"));

        JsonObject config = json(EXTENSION.resolve(language.get("configuration").getAsString()));
        assertEquals("//", config.getAsJsonObject("comments").get("lineComment").getAsString());
        JsonArray block = config.getAsJsonObject("comments").getAsJsonArray("blockComment");
        assertEquals(List.of("/*", "*/"), List.of(block.get(0).getAsString(), block.get(1).getAsString()));
        assertEquals("[[\"{\",\"}\"],[\"[\",\"]\"],[\"(\",\")\"]]", config.getAsJsonArray("brackets").toString());
    }

    private static void collectCaptureScopes(JsonElement e, Set<String> out) {
        if (e.isJsonObject()) {
            JsonObject o = e.getAsJsonObject();
            if (o.has("name") && o.get("name").isJsonPrimitive()) {
                out.add(o.get("name").getAsString());
            }
            o.entrySet().forEach(en -> collectCaptureScopes(en.getValue(), out));
        } else if (e.isJsonArray()) {
            e.getAsJsonArray().forEach(x -> collectCaptureScopes(x, out));
        }
    }
}
