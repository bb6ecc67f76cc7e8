package dev.nnet.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.palantir.javapoet.JavaFile;
import dev.nnet.Driver;
import dev.nnet.codegen.java.JavaBackend;
import dev.nnet.lower.Pipeline;
import dev.nnet.diag.SourceFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generate goal's engine on real sources and the real compiler, in a temporary project. */
class IncrementalGeneratorTest {
    /** Outputs are set to this time after a build, so a rewrite, however quick, shows in the mtime. */
    private static final FileTime LONG_AGO = FileTime.fromMillis(1_577_836_800_000L);

    @TempDir
    Path project;

    private Path src;
    private Path out;
    private GeneratorSettings settings;

    @BeforeEach
    void setUp() {
        src = project.resolve("src/main/nnet");
        out = project.resolve("target/generated-sources/nnet");
        settings = settings(new PackageNames("nnet.generated", false));
    }

    private GeneratorSettings settings(PackageNames packages) {
        return new GeneratorSettings(src, out, project.resolve("target/nnet-maven-plugin/generate-default.cache"),
                packages, "test-code");
    }

    private void write(String path, String text) throws IOException {
        Files.createDirectories(src.resolve(path).getParent());
        Files.writeString(src.resolve(path), text);
    }

    private GenerationResult build() {
        return IncrementalGenerator.run(settings, Sources.scan(src, null, null));
    }

    /** Every file under the output directory, relative, with its content. */
    private Map<String, String> outputs() throws IOException {
        Map<String, String> files = new TreeMap<>();
        if (Files.isDirectory(out)) {
            try (Stream<Path> all = Files.walk(out)) {
                for (Path p : all.filter(Files::isRegularFile).toList()) {
                    files.put(out.relativize(p).toString().replace('\\', '/'), Files.readString(p));
                }
            }
        }
        return files;
    }

    private void backdateOutputs() throws IOException {
        try (Stream<Path> all = Files.walk(out)) {
            for (Path p : all.filter(Files::isRegularFile).toList()) {
                Files.setLastModifiedTime(p, LONG_AGO);
            }
        }
    }

    private FileTime mtime(String output) throws IOException {
        return Files.getLastModifiedTime(out.resolve(output));
    }

    private List<String> rendered(GenerationResult r) {
        return r.problems().stream().map(Problem::render).toList();
    }

    @Test
    void writesWhatTheJavaBackendGeneratesByPackage() throws IOException {
        write("linear.nnet", Programs.LINEAR);
        GenerationResult r = build();

        List<JavaFile> expected = JavaBackend.generate(Pipeline.lower(Driver.compile(new SourceFile("linear.nnet",
                Programs.LINEAR))), "nnet.generated");
        Map<String, String> outputs = outputs();
        assertEquals(List.of("nnet/generated/LinearModel.java", "nnet/generated/LinearModelTrainer.java"),
                List.copyOf(outputs.keySet()));
        assertEquals(expected.get(0).toString(), outputs.get("nnet/generated/LinearModel.java"));
        assertEquals(expected.get(1).toString(), outputs.get("nnet/generated/LinearModelTrainer.java"));
        assertEquals(List.of(), r.problems());
        assertEquals(1, r.compiled());
        assertEquals(2, r.written());
    }

    @Test
    void aSecondBuildWithoutChangesCompilesAndWritesNothing() throws IOException {
        write("linear.nnet", Programs.LINEAR);
        build();
        backdateOutputs();
        Path cache = settings.cacheFile();
        Files.setLastModifiedTime(cache, LONG_AGO);

        GenerationResult r = build();
        assertEquals(0, r.compiled());
        assertEquals(1, r.upToDate());
        assertEquals(0, r.written());
        assertEquals(List.of(), r.touched());
        assertEquals(LONG_AGO, mtime("nnet/generated/LinearModel.java"));
        assertEquals(LONG_AGO, mtime("nnet/generated/LinearModelTrainer.java"));
        assertEquals(LONG_AGO, Files.getLastModifiedTime(cache));
    }

    @Test
    void aChangedTrainBlockRewritesOnlyTheTrainer() throws IOException {
        write("linear.nnet", Programs.LINEAR);
        build();
        backdateOutputs();
        write("linear.nnet", Programs.LINEAR.replace("epochs 100", "epochs 5"));

        GenerationResult r = build();
        assertEquals(1, r.compiled());
        assertEquals(1, r.written());
        assertEquals(1, r.unchanged());
        assertEquals(LONG_AGO, mtime("nnet/generated/LinearModel.java"));
        assertFalse(LONG_AGO.equals(mtime("nnet/generated/LinearModelTrainer.java")));
        assertTrue(outputs().get("nnet/generated/LinearModelTrainer.java").contains(", 5, "));
    }

    @Test
    void aDeletedSourceTakesItsOutputsAndEmptyFoldersWithIt() throws IOException {
        write("linear.nnet", Programs.LINEAR);
        write("vision/cnn.nnet", Programs.CNN);
        build();
        assertTrue(outputs().containsKey("nnet/generated/vision/Cnn.java"));
        backdateOutputs();

        Files.delete(src.resolve("vision/cnn.nnet"));
        GenerationResult r = build();
        assertEquals(1, r.removed());
        assertEquals(List.of("nnet/generated/LinearModel.java", "nnet/generated/LinearModelTrainer.java"),
                List.copyOf(outputs().keySet()));
        assertFalse(Files.exists(out.resolve("nnet/generated/vision")));
        assertEquals(LONG_AGO, mtime("nnet/generated/LinearModel.java"));
    }

    @Test
    void anOutputEditedByHandIsRestored() throws IOException {
        write("linear.nnet", Programs.LINEAR);
        build();
        String original = outputs().get("nnet/generated/LinearModel.java");
        Files.writeString(out.resolve("nnet/generated/LinearModel.java"), "// edited\n" + original);

        GenerationResult r = build();
        assertEquals(1, r.compiled());
        assertEquals(1, r.written());
        assertEquals(original, outputs().get("nnet/generated/LinearModel.java"));
    }

    @Test
    void aNewPackageMovesTheOutputs() throws IOException {
        write("linear.nnet", Programs.LINEAR);
        build();
        settings = settings(new PackageNames("com.example.nets", false));

        GenerationResult r = build();
        assertEquals(2, r.written());
        assertEquals(2, r.removed());
        assertEquals(List.of("com/example/nets/LinearModel.java", "com/example/nets/LinearModelTrainer.java"),
                List.copyOf(outputs().keySet()));
        assertTrue(outputs().get("com/example/nets/LinearModel.java").startsWith("package com.example.nets;"));
        assertFalse(Files.exists(out.resolve("nnet")));
    }

    @Test
    void aShapeErrorIsReportedAtItsLineOnEveryBuildAndWritesNothing() throws IOException {
        write("cnn.nnet", Programs.SHAPE_ERROR);
        String expected = src.resolve("cnn.nnet").toAbsolutePath() + Programs.SHAPE_ERROR_LINE;
        assertEquals(List.of(expected), rendered(build()));
        assertEquals(Map.of(), outputs());
        GenerationResult again = build();
        assertEquals(List.of(expected), rendered(again));
        assertEquals(1, again.compiled());
    }

    @Test
    void aFileWithErrorsKeepsItsLastOutputsUntilItIsDeleted() throws IOException {
        write("cnn.nnet", Programs.CNN);
        build();
        write("cnn.nnet", Programs.SHAPE_ERROR);
        assertEquals(1, Problems.errors(build().problems()));
        assertEquals(List.of("nnet/generated/Cnn.java"), List.copyOf(outputs().keySet()));

        Files.delete(src.resolve("cnn.nnet"));
        assertEquals(1, build().removed());
        assertEquals(Map.of(), outputs());
    }

    @Test
    void warningsAreReportedAgainWhileTheFileIsUpToDate() throws IOException {
        write("linear.nnet", Programs.UNUSED_LAYER);
        String expected = src.resolve("linear.nnet").toAbsolutePath() + Programs.UNUSED_LAYER_WARNING;
        assertEquals(List.of(expected), rendered(build()));
        GenerationResult again = build();
        assertEquals(1, again.upToDate());
        assertEquals(List.of(expected), rendered(again));
    }

    @Test
    void twoFilesGeneratingTheSameClassIsAnErrorUnlessEachHasItsPackage() throws IOException {
        write("a.nnet", Programs.CNN);
        write("b.nnet", Programs.CNN.replace("kernel=5", "kernel=5, padding=0"));
        Path a = src.resolve("a.nnet").toAbsolutePath();
        assertEquals(List.of(src.resolve("b.nnet").toAbsolutePath() + ":1:7: error: class `nnet.generated.Cnn` is "
                + "also generated from " + a + "; rename one of the models, or set <packagePerFile>true"
                + "</packagePerFile> to give each file its own package [E0102]"), rendered(build()));
        assertEquals(List.of("nnet/generated/Cnn.java"), List.copyOf(outputs().keySet()));

        settings = settings(new PackageNames("nnet.generated", true));
        GenerationResult r = build();
        assertEquals(List.of(), r.problems());
        assertEquals(List.of("nnet/generated/a/Cnn.java", "nnet/generated/b/Cnn.java"),
                List.copyOf(outputs().keySet()));
    }

    @Test
    void whatTheCodeGeneratorCannotLowerIsE0003AsInNnetc() throws IOException {
        write("dropout.nnet", """
                model M {
                  input x: [N, 5, 4]
                  gru = gru(4, 8, num_layers=2, batch_first=true, dropout=0.2)
                  forward(x) {
                    _out, h = gru(x)
                    return h[-1]
                  }
                }
                """);
        List<String> problems = rendered(build());
        assertEquals(1, problems.size(), problems.toString());
        assertEquals(src.resolve("dropout.nnet").toAbsolutePath()
                + ":5:15: error: `dropout` between recurrent layers is not supported by the code generator yet; "
                + "remove it (PyTorch's default is 0) [E0003]", problems.get(0));
        assertEquals(Map.of(), outputs());
    }

    @Test
    void outputIsTheSameBytesWhereverTheProjectIs() throws IOException {
        write("linear.nnet", Programs.LINEAR);
        build();
        Map<String, String> first = outputs();
        String firstCache = Files.readString(settings.cacheFile());

        project = project.resolve("elsewhere with spaces");
        setUp();
        write("linear.nnet", Programs.LINEAR);
        build();
        assertEquals(first, outputs());
        assertEquals(firstCache, Files.readString(settings.cacheFile()));
    }

    @Test
    void aDamagedCacheMeansCompilingAgainButRewritingNothing() throws IOException {
        write("linear.nnet", Programs.LINEAR);
        build();
        backdateOutputs();
        Files.writeString(settings.cacheFile(), "not a cache\n");

        GenerationResult r = build();
        assertEquals(1, r.compiled());
        assertEquals(0, r.written());
        assertEquals(2, r.unchanged());
        assertEquals(LONG_AGO, mtime("nnet/generated/LinearModel.java"));
    }
}
