package dev.nnet.codegen.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.palantir.javapoet.JavaFile;
import dev.nnet.Compilation;
import dev.nnet.Driver;
import dev.nnet.diag.SourceFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Generated Java is deterministic byte for byte, and the model class and trainer of {@code mnist-cnn} and the
 * model class of {@code mnist-resnet} read as their golden files under {@code src/test/resources/golden/java/}
 * (rewrite them with {@code -Dnnet.updateGolden=true} and review the diff).
 */
class GeneratedJavaGoldenTest {
    private static final Path ROOT = Path.of(System.getProperty("nnet.repoRoot", ".."));
    private static final boolean UPDATE = Boolean.getBoolean("nnet.updateGolden");

    private static List<String> generate(Path sample) throws IOException {
        Compilation c = Driver.compile(new SourceFile(ROOT.relativize(sample).toString(), Files.readString(sample)));
        assertFalse(c.hasErrors(), sample + ": " + c.diagnostics());
        return JavaBackend.generate(dev.nnet.lower.Pipeline.lower(c), "nnet.generated").stream().map(JavaFile::toString).toList();
    }

    @Test
    void everyFeedForwardSampleGeneratesTheSameBytesTwice() throws IOException {
        try (Stream<Path> files = Stream.concat(Files.list(ROOT.resolve("samples/basics")),
                Files.list(ROOT.resolve("samples/mnist")))) {
            for (Path p : files.filter(f -> f.toString().endsWith(".nnet")).sorted().toList()) {
                assertEquals(generate(p), generate(p), p + ": two generations differ");
            }
        }
    }

    @Test
    void mnistCnnModelClassMatchesItsGoldenFile() throws IOException {
        assertGolden("samples/mnist/mnist-cnn.nnet", 0, "public final class Net {", "mnist-cnn.Net.java.txt");
    }

    @Test
    void mnistCnnTrainerMatchesItsGoldenFile() throws IOException {
        assertGolden("samples/mnist/mnist-cnn.nnet", 1, "public final class NetTrainer implements CompiledTrainer {",
                "mnist-cnn.NetTrainer.java.txt");
    }

    @Test
    void resnetModelClassMatchesItsGoldenFile() throws IOException {
        assertGolden("samples/mnist/mnist-resnet.nnet", 0, "public final class Net {", "mnist-resnet.Net.java.txt");
    }

    /** The {@code index}-th generated file of {@code sample} (models first, then trainers) against its golden. */
    private static void assertGolden(String sample, int index, String declaration, String goldenName)
            throws IOException {
        String actual = generate(ROOT.resolve(sample)).get(index);
        assertTrue(actual.contains(declaration), actual);
        Path golden = ROOT.resolve("compiler/src/test/resources/golden/java/" + goldenName);
        if (UPDATE) {
            Files.createDirectories(golden.getParent());
            Files.writeString(golden, actual, StandardCharsets.UTF_8);
            return;
        }
        assertTrue(Files.exists(golden), "missing golden file " + golden + "; create it with `mvn -pl compiler test "
                + "-Dtest=GeneratedJavaGoldenTest -Dnnet.updateGolden=true` and review the result");
        assertEquals(Files.readString(golden, StandardCharsets.UTF_8).replace("\r\n", "\n"), actual,
                "generated " + goldenName + " differs from " + golden + " (rerun with -Dnnet.updateGolden=true if "
                        + "intended)");
    }
}
