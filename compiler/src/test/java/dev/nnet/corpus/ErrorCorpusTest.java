package dev.nnet.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.nnet.Compilation;
import dev.nnet.Driver;
import dev.nnet.diag.Code;
import dev.nnet.diag.Diagnostic;
import dev.nnet.diag.Label;
import dev.nnet.diag.SourceFile;
import dev.nnet.diag.Span;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The error corpus: every {@code compiler/src/test/resources/errors/*.nnet} is a small invalid program whose
 * expected diagnostics are written inline, in a comment on the line where each one starts:
 *
 * <pre>
 *   fc = linear(300, 10)      // error: E0201 @12, warning: W0302 @5
 *   return head(x)            // used-at: E0201
 *   out = fc(x)               // mentions: E0201 "symbol `D`"
 * </pre>
 *
 * {@code error:}/{@code warning:} give the code and the 1-based column of the diagnostic's start; the multiset of
 * (severity, code, line, column) must equal what the compiler reports, in both directions. {@code used-at: CODE}
 * says a diagnostic with that code carries a label on this line (a block's use site). {@code mentions: CODE "text"}
 * says a diagnostic with that code starting on this line mentions the text in its message, span label, notes or
 * help. {@code label: CODE @COL} says a diagnostic with that code carries a secondary label starting at this line
 * and column; every file lists all its labels this way (or writes {@code labels: none}), and they are checked
 * exactly. The corpus as a whole must cover every {@link Code}.
 */
class ErrorCorpusTest {
    private static final Pattern EXPECT = Pattern.compile("\\b(error|warning):\\s*([EW]\\d{4})\\s*@(\\d+)");
    private static final Pattern USED_AT = Pattern.compile("\\bused-at:\\s*([EW]\\d{4})");
    private static final Pattern MENTIONS = Pattern.compile("\\bmentions:\\s*([EW]\\d{4})\\s*\"([^\"]*)\"");
    private static final Pattern LABEL = Pattern.compile("\\blabel:\\s*([EW]\\d{4})\\s*@(\\d+)");
    private static final Pattern NO_LABELS = Pattern.compile("\\blabels:\\s*none\\b");
    /** Catches a misspelt directive, which would otherwise silently expect nothing. */
    private static final Pattern DIRECTIVE_LIKE =
            Pattern.compile("\\b(errors?|warnings?|used-at|mentions|labels?)\\s*:");

    /** One expected or actual diagnostic, as compared. */
    record Key(String severity, String code, int line, int column) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            int c = Integer.compare(line, o.line);
            if (c == 0) {
                c = Integer.compare(column, o.column);
            }
            if (c == 0) {
                c = code.compareTo(o.code);
            }
            return c != 0 ? c : severity.compareTo(o.severity);
        }

        @Override
        public String toString() {
            return line + ":" + column + " " + severity.toLowerCase() + " " + code;
        }
    }

    record UsedAt(String code, int line) {
    }

    record Mention(String code, int line, String text) {
    }

    /** A secondary label of a diagnostic with {@code code}, starting at {@code line}:{@code column}. */
    record LabelAt(String code, int line, int column) implements Comparable<LabelAt> {
        @Override
        public int compareTo(LabelAt o) {
            int c = Integer.compare(line, o.line);
            c = c != 0 ? c : Integer.compare(column, o.column);
            return c != 0 ? c : code.compareTo(o.code);
        }

        @Override
        public String toString() {
            return line + ":" + column + " label of " + code;
        }
    }

    /** The parsed expectations of one corpus file; {@code exactLabels}: it wrote {@code label:} or {@code labels: none}. */
    record Expectations(List<Key> diagnostics, List<UsedAt> usedAt, List<Mention> mentions, List<LabelAt> labels,
                        boolean exactLabels) {
        Set<String> codes() {
            Set<String> codes = new TreeSet<>();
            diagnostics.forEach(k -> codes.add(k.code()));
            return codes;
        }
    }

    static Path corpusDir() {
        String root = System.getProperty("nnet.repoRoot");
        if (root != null && !root.isBlank()) {
            Path p = Path.of(root, "compiler", "src", "test", "resources", "errors");
            if (Files.isDirectory(p)) {
                return p;
            }
        }
        return Path.of("src", "test", "resources", "errors");
    }

    static List<Path> corpusFiles() {
        Path dir = corpusDir();
        assertTrue(Files.isDirectory(dir), "no error corpus at " + dir.toAbsolutePath());
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".nnet")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Expectations live in {@code //} comments; the text before the comment is never searched. */
    static Expectations parse(String text) {
        List<Key> keys = new ArrayList<>();
        List<UsedAt> used = new ArrayList<>();
        List<Mention> mentions = new ArrayList<>();
        List<LabelAt> labels = new ArrayList<>();
        boolean noLabels = false;
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int comment = lines[i].indexOf("//");
            if (comment < 0) {
                continue;
            }
            String c = lines[i].substring(comment);
            int line = i + 1;
            int directives = 0;
            Matcher m = EXPECT.matcher(c);
            while (m.find()) {
                keys.add(new Key(m.group(1).equals("error") ? "ERROR" : "WARNING", m.group(2), line,
                        Integer.parseInt(m.group(3))));
                directives++;
            }
            Matcher u = USED_AT.matcher(c);
            while (u.find()) {
                used.add(new UsedAt(u.group(1), line));
                directives++;
            }
            Matcher t = MENTIONS.matcher(c);
            while (t.find()) {
                mentions.add(new Mention(t.group(1), line, t.group(2)));
                directives++;
            }
            Matcher l = LABEL.matcher(c);
            while (l.find()) {
                labels.add(new LabelAt(l.group(1), line, Integer.parseInt(l.group(2))));
                directives++;
            }
            if (NO_LABELS.matcher(c).find()) {
                noLabels = true;
                directives++;
            }
            long written = DIRECTIVE_LIKE.matcher(c).results().count();
            if (written != directives) {
                throw new IllegalArgumentException("line " + line + ": malformed expectation in `" + c.trim()
                        + "`; write `// error: E0201 @12, warning: W0302 @5`, `// used-at: E0201` or "
                        + "`// mentions: E0201 \"text\"` or `// label: E0201 @5`");
            }
        }
        return new Expectations(keys, used, mentions, labels, noLabels || !labels.isEmpty());
    }

    static Key key(Diagnostic d) {
        return new Key(d.severity().name(), d.code(), d.span().line(), d.span().column());
    }

    static String render(Diagnostic d) {
        StringBuilder sb = new StringBuilder();
        sb.append(key(d)).append(": ").append(d.message());
        if (!d.spanLabel().isEmpty()) {
            sb.append(" [").append(d.spanLabel()).append("]");
        }
        for (Label l : d.labels()) {
            sb.append("\n        label ").append(l.span().line()).append(':').append(l.span().column())
                    .append(' ').append(l.message());
        }
        for (String n : d.notes()) {
            sb.append("\n        note: ").append(n);
        }
        if (d.help() != null) {
            sb.append("\n        help: ").append(d.help());
        }
        return sb.toString();
    }

    @TestFactory
    Stream<DynamicTest> corpus() {
        return corpusFiles().stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), p.toUri(),
                () -> checkFile(p)));
    }

    static void checkFile(Path p) {
        String name = p.getFileName().toString();
        String text = read(p);
        Expectations exp = parse(text);
        assertFalse(exp.diagnostics().isEmpty(), name + " expects no diagnostic; every corpus file must expect one");
        // The file's own path, so a data file beside it (errors/data/) is found as `nnetc check` would find it.
        Compilation c = Driver.compile(new SourceFile(p.toString(), text));
        List<Diagnostic> diags = c.diagnostics();

        List<Key> expected = exp.diagnostics().stream().sorted().toList();
        List<Key> actual = diags.stream().map(ErrorCorpusTest::key).sorted().toList();
        if (!expected.equals(actual)) {
            List<Key> missing = new ArrayList<>(expected);
            actual.forEach(missing::remove);
            List<Key> unexpected = new ArrayList<>(actual);
            expected.forEach(unexpected::remove);
            StringBuilder sb = new StringBuilder(name).append(": diagnostics differ\n  expected:\n");
            expected.forEach(k -> sb.append("    ").append(k).append('\n'));
            sb.append("  actual:\n");
            diags.stream().sorted((a, b) -> key(a).compareTo(key(b)))
                    .forEach(d -> sb.append("    ").append(render(d)).append('\n'));
            sb.append("  missing: ").append(missing).append("\n  unexpected: ").append(unexpected);
            fail(sb.toString());
        }

        for (UsedAt u : exp.usedAt()) {
            boolean labelled = diags.stream().anyMatch(d -> d.code().equals(u.code())
                    && d.labels().stream().anyMatch(l -> l.span().line() == u.line()));
            assertTrue(labelled, name + ": no " + u.code() + " carries a label on line " + u.line()
                    + " (the use site)\n  actual:\n    "
                    + diags.stream().map(ErrorCorpusTest::render).collect(Collectors.joining("\n    ")));
        }
        for (Mention m : exp.mentions()) {
            boolean found = diags.stream().filter(d -> d.code().equals(m.code()) && d.span().line() == m.line())
                    .anyMatch(d -> allText(d).contains(m.text()));
            assertTrue(found, name + ": no " + m.code() + " on line " + m.line() + " mentions \"" + m.text()
                    + "\"\n  actual:\n    "
                    + diags.stream().map(ErrorCorpusTest::render).collect(Collectors.joining("\n    ")));
        }
        checkLabels(name, exp, diags);
        assertWellFormed(name, c.source(), diags);
    }

    /**
     * The secondary labels are exact in both directions: every file writes {@code label:} for each (or
     * {@code labels: none}), every label of every diagnostic is expected by code, line and column, and every
     * expected one is there.
     */
    static void checkLabels(String name, Expectations exp, List<Diagnostic> diags) {
        assertTrue(exp.exactLabels(), name + " says nothing about labels; write `// label: CODE @COL` on the line of "
                + "each secondary label, or `labels: none` in a comment when there is none\n  actual:\n    "
                + diags.stream().map(ErrorCorpusTest::render).collect(Collectors.joining("\n    ")));
        List<LabelAt> expected = exp.labels().stream().sorted().toList();
        List<LabelAt> actual = diags.stream().flatMap(d -> d.labels().stream()
                .map(l -> new LabelAt(d.code(), l.span().line(), l.span().column()))).sorted().toList();
        if (!expected.equals(actual)) {
            List<LabelAt> missing = new ArrayList<>(expected);
            actual.forEach(missing::remove);
            List<LabelAt> unexpected = new ArrayList<>(actual);
            expected.forEach(unexpected::remove);
            fail(name + ": labels differ\n  missing: " + missing + "\n  unexpected: " + unexpected + "\n  actual:\n    "
                    + diags.stream().map(ErrorCorpusTest::render).collect(Collectors.joining("\n    ")));
        }
    }

    static String allText(Diagnostic d) {
        return String.join("\n", d.message(), d.spanLabel(), String.join("\n", d.notes()),
                d.help() == null ? "" : d.help());
    }

    /** Every message is non-empty and every span, primary or label, lies inside the file with consistent lines. */
    static void assertWellFormed(String name, SourceFile source, List<Diagnostic> diags) {
        for (Diagnostic d : diags) {
            assertFalse(d.message() == null || d.message().isBlank(), name + ": empty message for " + key(d));
            assertTrue(Arrays.stream(Code.values()).anyMatch(code -> code.id().equals(d.code())),
                    name + ": unknown code " + d.code());
            assertEquals(Code.valueOf(d.code()).severity(), d.severity(), name + ": severity of " + d.code());
            assertSpan(name + ": span of " + render(d), source, d.span());
            for (Label l : d.labels()) {
                assertSpan(name + ": label `" + l.message() + "` of " + key(d), source, l.span());
                assertFalse(l.message() == null || l.message().isBlank(), name + ": empty label of " + key(d));
            }
        }
    }

    static void assertSpan(String what, SourceFile source, Span s) {
        int length = source.text().length();
        assertTrue(0 <= s.start() && s.start() <= s.end() && s.end() <= length,
                what + ": [" + s.start() + ", " + s.end() + ") is outside the file of " + length + " characters");
        assertEquals(source.span(s.start(), s.end()), s, what + ": line/column do not match the offsets");
    }

    @Test
    void corpusCoversEveryCode() {
        Set<String> covered = new TreeSet<>();
        for (Path p : corpusFiles()) {
            covered.addAll(parse(read(p)).codes());
        }
        Set<String> all = Arrays.stream(Code.values()).map(Code::id).collect(Collectors.toCollection(TreeSet::new));
        Set<String> uncovered = new TreeSet<>(all);
        uncovered.removeAll(covered);
        // Reported by code generation, not by checking: covered by CompileStageTest.
        uncovered.remove(Code.E0003.id());
        assertTrue(uncovered.isEmpty(), "codes without a corpus case in " + corpusDir() + ": " + uncovered);
        Set<String> unknown = new TreeSet<>(covered);
        unknown.removeAll(all);
        assertTrue(unknown.isEmpty(), "corpus expects codes that Code does not define: " + unknown);
    }

    @Test
    void corpusIsLargeEnough() {
        assertTrue(corpusFiles().size() >= 70, "the error corpus should hold at least 70 programs, found "
                + corpusFiles().size());
    }

    @Test
    void expectationSyntaxIsParsed() {
        Expectations e = parse("x // error: E0201 @12, warning: W0302 @5\n"
                + "y // used-at: E0201\n"
                + "z // mentions: E0201 \"symbol `D`\"\n"
                + "v // label: E0201 @7\n"
                + "w // a comment that says nothing\n");
        assertEquals(List.of(new Key("ERROR", "E0201", 1, 12), new Key("WARNING", "W0302", 1, 5)), e.diagnostics());
        assertEquals(List.of(new UsedAt("E0201", 2)), e.usedAt());
        assertEquals(List.of(new Mention("E0201", 3, "symbol `D`")), e.mentions());
        assertEquals(List.of(new LabelAt("E0201", 4, 7)), e.labels());
    }
}
