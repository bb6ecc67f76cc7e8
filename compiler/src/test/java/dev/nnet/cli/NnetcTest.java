package dev.nnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import dev.nnet.diag.Code;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Runs nnetc in-process through the same configured CommandLine as main, with captured streams. */
class NnetcTest {
    static final String CLEAN = "model M { input x: [N, 4]  fc = linear(4, 2)  forward(x) { return fc(x) } }\n";
    /** Only syntax errors are asserted on: the checker is evolving, so its diagnostics may come and go. */
    static final String SYNTAX_ERROR = "model M {\n  input x: [N, 4]\n  fc = linear(4, 2) @\n  forward(x) {\n";
    static final Pattern GNU = Pattern.compile("^[^:]+:\\d+:\\d+: (error|warning): .+$");

    @TempDir
    Path dir;
    String clean;
    String broken;

    record Run(int status, String out, String err) {
    }

    @BeforeEach
    void files() throws IOException {
        clean = Files.writeString(dir.resolve("clean.nnet"), CLEAN).toString();
        broken = Files.writeString(dir.resolve("broken.nnet"), SYNTAX_ERROR).toString();
    }

    static Run nnetc(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Nnetc.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int status = cl.execute(args);
        return new Run(status, out.toString(), err.toString());
    }

    @Test
    void cleanFileExitsZeroAndPrintsNothing() {
        Run r = nnetc("check", clean);
        assertEquals(0, r.status(), r.err());
        assertEquals("", r.out());
        assertFalse(r.err().contains("error"), r.err());
    }

    @Test
    void syntaxErrorExitsOneWithHumanDiagnosticsOnStderr() {
        Run r = nnetc("check", "--color=never", broken);
        assertEquals(1, r.status());
        assertEquals("", r.out());
        assertTrue(r.err().contains("error[E0002]: invalid character `@`\n --> " + broken + ":3:21\n"), r.err());
        assertTrue(r.err().contains("error[E0001]"), r.err());
        String last = r.err().substring(r.err().lastIndexOf("\n", r.err().length() - 2) + 1);
        assertTrue(last.matches("error: could not compile `\\Q" + broken + "\\E` due to \\d+ previous errors?"
                + "(; \\d+ warnings? emitted)?\n"), last);
        assertFalse(r.err().contains("\u001b"));
    }

    @Test
    void werrorTurnsWarningsIntoFailures() throws IOException {
        String unused = Files.writeString(dir.resolve("unused.nnet"), "model M { input x: [N, 4]  fc = linear(4, 2)"
                + "  spare = linear(4, 2)  forward(x) { return fc(x) } }\n").toString();
        Run plain = nnetc("check", "--format=short", unused);
        // The checker (written concurrently) decides which warnings exist; only run once it reports one.
        Assumptions.assumeTrue(plain.status() == 0 && plain.err().contains(": warning: "), plain.err());
        Run strict = nnetc("check", "--format=short", "--Werror", unused);
        assertEquals(1, strict.status());
        assertTrue(strict.err().contains(": error: ") && !strict.err().contains(": warning: "), strict.err());
    }

    @Test
    void colourAlwaysAddsEscapes() {
        assertTrue(nnetc("check", "--color=always", broken).err().contains("\u001b[1;31merror"));
    }

    @Test
    void shortFormatIsOneGnuLinePerDiagnostic() {
        Run r = nnetc("check", "--format=short", broken, clean);
        assertEquals(1, r.status());
        String[] lines = r.err().split("\n");
        assertTrue(lines.length >= 2, r.err());
        for (String line : lines) {
            assertTrue(GNU.matcher(line).matches(), line);
            assertTrue(line.startsWith(broken + ":"), line);
        }
    }

    @Test
    void jsonGoesToStdoutObjectForOneFileArrayForSeveral() {
        Run one = nnetc("check", "--format=JSON", broken);
        assertEquals(1, one.status());
        assertEquals("", one.err());
        JsonElement parsed = JsonParser.parseString(one.out());
        assertEquals(broken, parsed.getAsJsonObject().get("file").getAsString());
        assertTrue(parsed.getAsJsonObject().getAsJsonArray("diagnostics").toString().contains("\"E0002\""));
        Run two = nnetc("check", "--format=json", clean, broken);
        assertEquals(2, JsonParser.parseString(two.out()).getAsJsonArray().size());
    }

    @Test
    void sarifGoesToStdout() {
        Run r = nnetc("check", "--format=sarif", broken);
        assertEquals(1, r.status());
        assertEquals("2.1.0", JsonParser.parseString(r.out()).getAsJsonObject().get("version").getAsString());
    }

    @Test
    void missingFileIsAUsageErrorAndTheOtherFilesAreStillChecked() {
        Run r = nnetc("check", "--format=short", clean, "nope.nnet", broken);
        assertEquals(2, r.status());
        assertTrue(r.err().startsWith("nnetc: cannot read 'nope.nnet': no such file\n" + broken + ":3:21: error: "),
                r.err());
        assertEquals(2, nnetc("check", dir.toString()).status());
        assertTrue(nnetc("check", dir.toString()).err().contains("is a directory"));
    }

    @Test
    void badUsageExitsTwoWithOneLineAndAHint() {
        Run unknown = nnetc("check", "--frobnicate", clean);
        assertEquals(2, unknown.status());
        assertTrue(unknown.err().startsWith("nnetc: Unknown option: '--frobnicate'"), unknown.err());
        assertTrue(unknown.err().contains("Try 'nnetc check --help'"), unknown.err());
        assertEquals(2, nnetc("check").status(), "FILE is required");
        assertEquals(2, nnetc("check", "--format=xml", clean).status());
        assertEquals(2, nnetc().status(), "no subcommand prints usage as an error");
        assertEquals(2, nnetc("chek", clean).status());
    }

    @Test
    void unknownEmitStagesAndPtx() {
        Run unknown = nnetc("compile", "--emit=bytecode", clean);
        assertEquals(2, unknown.status());
        assertTrue(unknown.err().contains("expected one of tokens, ast, typed, ir, ir-opt, java, ptx but was "
                + "'bytecode'"), unknown.err());
        Run ptx = nnetc("compile", "--emit=ptx", clean);
        assertEquals(0, ptx.status(), ptx.err());
        assertTrue(ptx.out().contains(".version 8.0\n.target sm_80\n.address_size 64\n"), ptx.out());
        assertTrue(ptx.out().contains(".visible .entry predict_"), ptx.out());
        Run irToDir = nnetc("compile", "--emit=ir", clean, "-o", dir.resolve("out").toString());
        assertEquals(2, irToDir.status());
        assertTrue(irToDir.err().contains("-o writes Java sources"), irToDir.err());
    }

    @Test
    void maxErrorsCapsWhatIsShownButNotWhatIsCounted() throws IOException {
        Path five = Files.writeString(dir.resolve("five.nnet"), "$\n$\n$\n$\n$\n");
        Run capped = nnetc("check", "--max-errors=2", five.toString());
        assertEquals(1, capped.status());
        assertEquals(2, capped.err().split("error\\[E0002\\]", -1).length - 1, capped.err());
        assertTrue(capped.err().contains("nnetc: 3 more diagnostics not shown (--max-errors=0 shows all)\n"),
                capped.err());
        assertTrue(capped.err().contains("due to 5 previous errors"), capped.err());
        Run all = nnetc("check", "--max-errors=0", "--format=short", five.toString());
        assertEquals(5, all.err().lines().filter(l -> l.contains("[E0002]")).count(), all.err());
        assertFalse(all.err().contains("not shown"), all.err());
        assertEquals(2, nnetc("check", "--max-errors=-1", five.toString()).status());
    }

    @Test
    void summaryEndsWithTheTrainersMemoryFromTheMemoryPlan() {
        Path cnn = Path.of(System.getProperty("nnet.repoRoot", "..")).resolve("samples/mnist/mnist-cnn.nnet");
        Run r = nnetc("summary", cnn.toString());
        assertEquals(0, r.status(), r.err());
        String last = r.out().strip().lines().reduce((a, b) -> b).orElse("");
        assertTrue(last.matches("Training memory at batch 64: [0-9]+\\.[0-9] MB \\(buffers, parameters, gradients, "
                + "optimizer state, kernel workspaces\\)"), last);
    }

    @Test
    void printAfterShowsOnePassOnEveryGraph() {
        Run after = nnetc("compile", "--print-after=fuse-epilogue", clean);
        assertEquals(0, after.status(), after.err());
        assertTrue(after.out().startsWith("// after fuse-epilogue\ngraph "), after.out());
        long headers = after.out().lines().filter(l -> l.equals("// after fuse-epilogue")).count();
        long graphs = after.out().lines().filter(l -> l.startsWith("graph ")).count();
        assertEquals(headers, graphs, "one header per graph\n" + after.out());
        assertTrue(graphs >= 2, after.out());
        Run unknown = nnetc("compile", "--print-after=fuse-everything", clean);
        assertEquals(2, unknown.status());
        assertTrue(unknown.err().contains("no pass named `fuse-everything`; the passes are fuse-loss, dead-code, "
                + "fuse-pool-relu, fuse-pool-grad-sum, fuse-residual, fuse-linear-relu-grad, fuse-epilogue, "
                + "fuse-pointwise, keep-columns"), unknown.err());
    }

    @Test
    void compileWritesJavaByDefault() throws Exception {
        Run printed = nnetc("compile", clean);
        assertEquals(0, printed.status(), printed.err());
        assertTrue(printed.out().contains("package nnet.generated;"), printed.out());
        Path out = dir.resolve("generated");
        Run written = nnetc("compile", clean, "-o", out.toString());
        assertEquals(0, written.status(), written.err());
        try (var files = Files.walk(out)) {
            assertTrue(files.anyMatch(f -> f.toString().endsWith(".java")), "no .java file under " + out);
        }
    }

    @Test
    void emitTokensAndAst() {
        Run tokens = nnetc("compile", "--emit=tokens", clean);
        assertEquals(0, tokens.status());
        assertTrue(tokens.out().startsWith("1:1 model 'model'\n1:7 IDENT 'M'\n"), tokens.out());
        Run ast = nnetc("compile", "--emit=ast", clean);
        assertEquals(0, ast.status(), ast.err());
        assertTrue(ast.out().startsWith("(program\n  (model M @1:1\n    (input x @1:11\n"), ast.out());
        Run bad = nnetc("compile", "--emit=AST", "--color=never", broken);
        assertEquals(1, bad.status());
        assertTrue(bad.out().startsWith("(program"), "the recovered tree is still printed");
        assertTrue(bad.err().contains("error[E0002]"), bad.err());
    }

    @Test
    void emitTypedAndSummaryStopAtSyntaxErrors() {
        Run typed = nnetc("compile", "--emit=typed", "--color=never", broken);
        assertEquals(1, typed.status());
        assertEquals("", typed.out());
        assertTrue(typed.err().contains("error[E0001]") || typed.err().contains("error[E0002]"));
        Run summary = nnetc("summary", "--color=never", broken);
        assertEquals(1, summary.status());
        assertEquals("", summary.out());
        assertEquals(0, nnetc("compile", "--emit=typed", clean).status());
        assertEquals(0, nnetc("summary", clean).status());
    }

    @Test
    void explainKnownUnknownAndAll() {
        Run known = nnetc("explain", "e0201");
        assertEquals(0, known.status());
        assertTrue(known.out().startsWith("error[E0201]: " + Code.E0201.summary() + "\n\nA layer receives"),
                known.out());
        assertTrue(known.out().contains("\nErroneous code example:\n\n    model M {\n"), known.out());
        assertTrue(known.out().contains("\nFixed:\n\n    model M {\n"), known.out());
        Run typo = nnetc("explain", "E201");
        assertEquals(2, typo.status());
        assertEquals("nnetc: unknown diagnostic code 'E201'; did you mean 'E0201'?\n", typo.err());
        Run nonsense = nnetc("explain", "hello");
        assertEquals(2, nonsense.status());
        assertTrue(nonsense.err().contains("run 'nnetc explain' to list them all"), nonsense.err());
        Run all = nnetc("explain");
        assertEquals(0, all.status());
        assertEquals(Code.values().length, all.out().split("\n").length);
    }

    @Test
    void helpAndVersionExitZero() {
        Run help = nnetc("--help");
        assertEquals(0, help.status());
        assertTrue(help.out().contains("check") && help.out().contains("explain"), help.out());
        Run version = nnetc("--version");
        assertEquals(0, version.status());
        assertEquals("nnetc " + Nnetc.VERSION + "\n", version.out());
        assertEquals(0, nnetc("check", "--help").status());
    }

    /** A subcommand with a bug: an Error, which picocli itself would not hand to an exception handler. */
    @Command(name = "boom")
    static final class Boom extends BaseCommand {
        @Override
        int run() {
            throw new StackOverflowError("deep");
        }
    }

    @Test
    void internalErrorsExitTwoWithAReportRequest() {
        CommandLine cl = Nnetc.commandLine();
        cl.addSubcommand("boom", new Boom()); // before setErr, which only reaches existing subcommands
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err, true));
        cl.setOut(new PrintWriter(new StringWriter(), true));
        assertEquals(2, cl.execute("boom"));
        assertTrue(err.toString().startsWith("nnetc: internal error: java.lang.StackOverflowError: deep, please "
                + "report\n"), err.toString());
    }
}
