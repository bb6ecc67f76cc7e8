package dev.nnet.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.nnet.Compilation;
import dev.nnet.Driver;
import dev.nnet.check.LayerInstance;
import dev.nnet.check.TypedModel;
import dev.nnet.diag.ShortRenderer;
import dev.nnet.diag.SourceFile;
import dev.nnet.emit.TypedDump;
import dev.nnet.summary.SummaryTable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every network of the seed tutorials ({@code SEEDS.md}) lives in {@code samples/<family>/<id>.nnet}, beside one
 * feature samples ({@code mnist-pool-options}, {@code mnist-gelu-slices}) that hold PyTorch's pooling options,
 * transpose, slices and gelu to the same checks. Each must
 * check with no diagnostics at all, have PyTorch's parameter count, and render the same summary table and typed
 * dump as its golden files under {@code src/test/resources/golden/<family>/}. Run with
 * {@code -Dnnet.updateGolden=true} to (re)write the golden files.
 */
class SamplesTest {
    /** PyTorch's {@code sum(p.numel() for p in model.parameters())} for each sample id, from SEEDS.md. */
    private static final Map<String, Long> PYTORCH_PARAMS = new TreeMap<>(Map.ofEntries(
            // basics
            Map.entry("basics/linear-regression", 2L),
            Map.entry("basics/logistic-regression", 2L),
            Map.entry("basics/diabetes", 87L),
            Map.entry("basics/diabetes-minibatch", 87L),
            Map.entry("basics/flower", 17L),
            Map.entry("basics/flower-5layer", 261L),
            // Linear(2, 2) twice: 2·(2·2 + 2)
            Map.entry("basics/backprop-worked-example", 12L),
            // MNIST / FashionMNIST
            Map.entry("mnist/mnist-mlp-sigmoid", 203_530L),
            Map.entry("mnist/mnist-mlp-3", 109_386L),
            Map.entry("mnist/mnist-mlp-5", 575_050L),
            Map.entry("mnist/mnist-mlp-5-sigmoid", 575_050L),
            Map.entry("mnist/fashion-mlp", 669_706L),
            Map.entry("mnist/mnist-cnn", 8_490L),
            Map.entry("mnist/mnist-cnn-3fc", 104_554L),
            Map.entry("mnist/mnist-inception", 97_298L),
            Map.entry("mnist/mnist-resnet", 41_514L),
            Map.entry("mnist/lenet", 61_706L),
            // Not a seed: PyTorch's pooling options (ceil_mode, count_include_pad) and leaky ReLU, checked like one
            Map.entry("mnist/mnist-pool-options", 9_098L),
            // Not a seed: transpose, slices and both gelu forms; Linear(28, 16), Linear(28, 12), Linear(156, 10)
            Map.entry("mnist/mnist-gelu-slices", 2_382L),
            // recurrent; RNNCell(4, 4) and RNN(4, 4): 4·4 + 4·4 + 4 + 4
            Map.entry("recurrent/hello-rnncell", 40L),
            Map.entry("recurrent/hello-rnn", 40L),
            Map.entry("recurrent/hello-embedding", 380L),
            Map.entry("recurrent/name-classifier", 318_818L)));

    private static final boolean UPDATE = Boolean.getBoolean("nnet.updateGolden");

    private static Path repoRoot() {
        String root = System.getProperty("nnet.repoRoot");
        return Path.of(root == null || root.isBlank() ? ".." : root).toAbsolutePath().normalize();
    }

    private static Path samplesDir() {
        return repoRoot().resolve("samples");
    }

    private static Path goldenDir() {
        return repoRoot().resolve("compiler").resolve("src/test/resources/golden");
    }

    /** Every sample as {@code family/id} (path under samples/ without {@code .nnet}, with forward slashes). */
    private static List<String> sampleIds() throws IOException {
        Path dir = samplesDir();
        assertTrue(Files.isDirectory(dir), "no samples directory at " + dir);
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().endsWith(".nnet"))
                    .map(p -> slashes(dir.relativize(p)))
                    .map(s -> s.substring(0, s.length() - ".nnet".length()))
                    .sorted()
                    .collect(Collectors.toList());
        }
    }

    private static String slashes(Path p) {
        List<String> parts = new ArrayList<>();
        p.forEach(part -> parts.add(part.toString()));
        return String.join("/", parts);
    }

    @Test
    void samplesTreeHoldsExactlyTheListedNetworks() throws IOException {
        TreeSet<String> found = new TreeSet<>(sampleIds());
        TreeSet<String> expected = new TreeSet<>(PYTORCH_PARAMS.keySet());
        TreeSet<String> missing = new TreeSet<>(expected);
        missing.removeAll(found);
        TreeSet<String> unexpected = new TreeSet<>(found);
        unexpected.removeAll(expected);
        assertTrue(missing.isEmpty() && unexpected.isEmpty(),
                "samples/ does not match the seed networks; missing: " + missing + ", without a PyTorch parameter "
                        + "count in SamplesTest: " + unexpected);
    }

    @TestFactory
    Stream<DynamicTest> everySampleChecksCleanAndMatchesItsGoldenFiles() throws IOException {
        List<String> ids = sampleIds();
        assertFalse(ids.isEmpty(), "no samples found under " + samplesDir());
        return ids.stream().map(id -> DynamicTest.dynamicTest(id, () -> checkSample(id)));
    }

    private static void checkSample(String id) throws IOException {
        String path = "samples/" + id + ".nnet";
        String text = Files.readString(repoRoot().resolve(path), StandardCharsets.UTF_8);
        Compilation c = Driver.compile(new SourceFile(path, text));

        if (!c.diagnostics().isEmpty()) {
            fail(path + " must check with no diagnostics, but got:\n"
                    + ShortRenderer.renderAll(c.diagnostics(), path));
        }

        Long expected = PYTORCH_PARAMS.get(id);
        assertNotNull(expected, "no PyTorch parameter count for sample `" + id + "`: add it to SamplesTest");
        long total = 0;
        for (TypedModel m : c.typed().models()) {
            for (LayerInstance layer : m.instance().layers().values()) {
                total += layer.parameterCount();
            }
        }
        assertEquals(expected.longValue(), total, path + ": parameter total differs from PyTorch's");

        golden(id, "summary.txt", c, SummaryTable::render);
        golden(id, "typed.txt", c, TypedDump::render);
    }

    private static void golden(String id, String suffix, Compilation c, Function<Compilation, String> render)
            throws IOException {
        String actual = normalize(render.apply(c));
        Path file = goldenDir().resolve(id + "." + suffix);
        if (UPDATE) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, actual, StandardCharsets.UTF_8);
            return;
        }
        if (!Files.exists(file)) {
            fail("missing golden file " + file + "; create it by running `mvn -pl compiler test -Dtest=SamplesTest "
                    + "-Dnnet.updateGolden=true` and review the result");
        }
        String golden = normalize(Files.readString(file, StandardCharsets.UTF_8));
        assertEquals(golden, actual, "output of samples/" + id + ".nnet differs from " + file
                + " (rerun with -Dnnet.updateGolden=true if the change is intended)");
    }

    private static String normalize(String s) {
        return s.replace("\r\n", "\n").replace('\r', '\n');
    }
}
