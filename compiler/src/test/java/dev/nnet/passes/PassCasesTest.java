package dev.nnet.passes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnet.ir.Graph;
import dev.nnet.ir.IrParser;
import dev.nnet.ir.IrPrinter;
import dev.nnet.ir.Verifier;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * One pass at a time, as text: each file under {@code src/test/resources/passes/PASS/} holds an input graph, then
 * {@value #EXPECT}, then the graph PASS must turn it into (write the expected part with
 * {@code -Dnnet.updateGolden=true} and review it).
 */
class PassCasesTest {
    static final String EXPECT = "// expect:\n";
    private static final Path ROOT = Path.of(System.getProperty("nnet.repoRoot", ".."));
    private static final Path CASES = ROOT.resolve("compiler/src/test/resources/passes");
    private static final boolean UPDATE = Boolean.getBoolean("nnet.updateGolden");

    @TestFactory
    List<DynamicTest> everyCaseGivesItsExpectedGraph() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Pass pass : Passes.all()) {
            for (Path file : cases(pass)) {
                tests.add(DynamicTest.dynamicTest(pass.name() + "/" + file.getFileName(), () -> run(pass, file)));
            }
        }
        return tests;
    }

    @Test
    void everyPassInTheCatalogueIsNamedByATest() throws IOException {
        for (Pass pass : Passes.all()) {
            assertFalse(cases(pass).isEmpty(), "pass " + pass.name() + " has no case under " + CASES);
        }
        try (Stream<Path> dirs = Files.list(CASES)) {
            for (Path dir : dirs.toList()) {
                assertTrue(Passes.named(dir.getFileName().toString()).isPresent(), dir + " names no pass");
            }
        }
    }

    private static List<Path> cases(Pass pass) throws IOException {
        Path dir = CASES.resolve(pass.name());
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".txt")).sorted().toList();
        }
    }

    private static void run(Pass pass, Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        int split = text.indexOf(EXPECT);
        String input = split < 0 ? text : text.substring(0, split);
        Graph result = Verifier.verify(pass.apply(IrParser.parse(input)));
        String actual = IrPrinter.print(result);
        if (UPDATE) {
            Files.writeString(file, input.stripTrailing() + "\n" + EXPECT + actual, StandardCharsets.UTF_8);
            return;
        }
        assertTrue(split >= 0, file + " has no `" + EXPECT.strip() + "` part; write it with -Dnnet.updateGolden=true");
        assertEquals(text.substring(split + EXPECT.length()), actual, file.toString());
    }
}
