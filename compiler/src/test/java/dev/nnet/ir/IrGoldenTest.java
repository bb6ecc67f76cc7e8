package dev.nnet.ir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnet.Compilation;
import dev.nnet.Driver;
import dev.nnet.diag.SourceFile;
import dev.nnet.emit.IrDump;
import dev.nnet.lower.LoweringException;
import dev.nnet.lower.Pipeline;
import dev.nnet.passes.PassObserver;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every sample's {@code --emit=ir} and {@code --emit=ir-opt} dumps read as their golden files under
 * {@code src/test/resources/golden/ir/} (rewrite them with {@code -Dnnet.updateGolden=true} and review the diff),
 * and every dump parses back to the same text.
 */
class IrGoldenTest {
    private static final Path ROOT = Path.of(System.getProperty("nnet.repoRoot", ".."));
    private static final boolean UPDATE = Boolean.getBoolean("nnet.updateGolden");

    static List<Path> samples() throws IOException {
        List<Path> out = new ArrayList<>();
        for (String dir : List.of("basics", "mnist", "recurrent")) {
            try (Stream<Path> files = Files.list(ROOT.resolve("samples").resolve(dir))) {
                files.filter(f -> f.toString().endsWith(".nnet")).sorted().forEach(out::add);
            }
        }
        return out;
    }

    /** The dump, or the E0003 message of a sample the code generator does not support yet. */
    static String dump(Path sample, boolean optimized) throws IOException {
        Compilation c = Driver.compile(new SourceFile(ROOT.relativize(sample).toString(), Files.readString(sample)));
        assertFalse(c.hasErrors(), sample + ": " + c.diagnostics());
        try {
            return IrDump.render(Pipeline.lower(c, optimized, PassObserver.NONE), optimized);
        } catch (LoweringException e) {
            return "// not lowered: line " + e.span().line() + ": " + e.getMessage() + "\n";
        }
    }

    @TestFactory
    List<DynamicTest> everySampleMatchesItsIrGoldens() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path sample : samples()) {
            for (String stage : List.of("ir", "ir-opt")) {
                String name = sample.getFileName().toString().replace(".nnet", "");
                tests.add(DynamicTest.dynamicTest(name + " " + stage, () -> {
                    String actual = dump(sample, stage.equals("ir-opt"));
                    Path golden = ROOT.resolve("compiler/src/test/resources/golden/ir/" + name + "." + stage + ".txt");
                    if (UPDATE) {
                        Files.createDirectories(golden.getParent());
                        Files.writeString(golden, actual, StandardCharsets.UTF_8);
                        return;
                    }
                    assertTrue(Files.exists(golden), "missing " + golden + "; create it with -Dnnet.updateGolden=true");
                    assertEquals(Files.readString(golden, StandardCharsets.UTF_8), actual, sample + " --emit=" + stage
                            + " differs from " + golden + " (rerun with -Dnnet.updateGolden=true if intended)");
                }));
            }
        }
        return tests;
    }

    @TestFactory
    List<DynamicTest> everyDumpParsesBackToTheSameText() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path sample : samples()) {
            for (boolean optimized : new boolean[] {false, true}) {
                String name = sample.getFileName() + (optimized ? " ir-opt" : " ir");
                tests.add(DynamicTest.dynamicTest(name, () -> {
                    String text = dump(sample, optimized);
                    if (text.startsWith("// not lowered")) {
                        return;
                    }
                    List<Graph> graphs = IrParser.parseAll(text);
                    assertTrue(graphs.size() >= 2, name + ": " + graphs.size() + " graphs");
                    String printed = graphs.stream().map(IrPrinter::print).collect(Collectors.joining("\n"));
                    // The memory plans after each graph are comments, which the parser skips.
                    assertEquals(text.lines().filter(l -> !l.startsWith("// memory plan") && !l.startsWith("//   "))
                            .collect(Collectors.joining("\n", "", "\n")), printed);
                }));
            }
        }
        return tests;
    }
}
