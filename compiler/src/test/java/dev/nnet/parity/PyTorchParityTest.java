package dev.nnet.parity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnet.kernels.Conv2d;
import dev.nnet.runtime.Batch;
import dev.nnet.runtime.CompiledTrainer;
import dev.nnet.runtime.Rng;
import dev.nnet.runtime.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Parity with PyTorch: every feed-forward seed network, compiled by nnet with the optimizer of the fixture in its
 * train block, trained for 20 steps from the fixture's start on the fixture's batches, must return PyTorch's loss
 * at every step and end with PyTorch's weights, each within {@code |a - b| <= 1e-6 + 1e-4·|b|}. The fixtures come
 * from {@code tools/parity/make_fixtures.py} (see {@code tools/parity/README.md}); this test needs no Python.
 */
class PyTorchParityTest {
    private static final Path ROOT = Path.of(System.getProperty("nnet.repoRoot", ".."));
    private static final Path FIXTURES = ROOT.resolve("compiler/src/test/resources/parity");
    /** The sample folders whose networks are all feed-forward, so each must have a fixture. */
    private static final List<String> FEED_FORWARD_FAMILIES = List.of("basics", "mnist");

    @TempDir
    static Path work;

    private static CompiledNetworks networks;
    private static ParityBatches batches;

    @BeforeAll
    static void compileEveryNetwork() throws IOException {
        // a trainer that changed dy between a layer's data and weight gradients, which may share its lanes copy
        // (Conv2d.backwardData), makes the weight gradient throw instead of using a stale copy
        Conv2d.verifySharedDy(true);
        List<ParityTrainers.Request> requests = new ArrayList<>();
        for (String stem : fixtureStems()) {
            ParityFixture fixture = ParityFixture.read(FIXTURES.resolve(stem));
            Path sample = ROOT.resolve(fixture.sample());
            Map<String, String> statements = new LinkedHashMap<>();
            fixture.runs().forEach((name, run) -> statements.put(name, run.statement()));
            requests.add(new ParityTrainers.Request(stem, sample, Files.readString(sample), fixture.batch(),
                    statements));
        }
        networks = CompiledNetworks.compile(requests, work.resolve("java"));
        batches = new ParityBatches(ROOT, work.resolve("mnist"));
    }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (String stem : fixtureStems()) {
            for (String optimizer : ParityFixture.read(FIXTURES.resolve(stem)).runs().keySet()) {
                out.add(Arguments.of(stem, optimizer));
            }
        }
        return out.stream();
    }

    @AfterAll
    static void stopVerifying() {
        Conv2d.verifySharedDy(false);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void trainsLikePyTorch(String stem, String optimizer, TestReporter reporter) {
        ParityFixture fixture = ParityFixture.read(FIXTURES.resolve(stem));
        ParityFixture.Run run = fixture.runs().get(optimizer);
        CompiledTrainer trainer = networks.get(stem).create(optimizer, fixture.batch());
        List<Tensor> parameters = trainer.parameters();
        assertEquals(fixture.tensors().stream().map(t -> t.name() + Arrays.toString(t.shape())).toList(),
                parameters.stream().map(p -> p.name() + Arrays.toString(p.shape())).toList(),
                stem + ": nnet's parameters (names, shapes, order) must be PyTorch's state_dict");
        float[][] initial = fixture.initialWeights();
        for (int t = 0; t < initial.length; t++) {
            System.arraycopy(initial[t], 0, parameters.get(t).data(), 0, initial[t].length);
        }
        List<Batch> steps = batches.of(fixture, trainer.spec());
        Agreement losses = new Agreement(stem + " " + optimizer + ": losses");
        Rng rng = new Rng(0);
        int[] stepShape = {fixture.steps()};
        for (int k = 0; k < fixture.steps(); k++) {
            float loss = trainer.trainStep(steps.get(k), rng);
            losses.check(Agreement.LOSS, stepShape, k, loss, run.losses()[k], 0);
        }
        double[][] expected = fixture.finalWeights(run, initial);
        Agreement weights = new Agreement(stem + " " + optimizer + ": final weights");
        double gridError = fixture.grid() / 2;
        for (int t = 0; t < expected.length; t++) {
            Tensor p = parameters.get(t);
            int[] shape = p.shape();
            float[] actual = p.data();
            for (int i = 0; i < actual.length; i++) {
                weights.check(p.name(), shape, i, actual[i], expected[t][i], gridError);
            }
        }
        reporter.publishEntry(stem + " " + optimizer, losses.summary() + "; " + weights.summary());
        assertTrue(losses.ok() && weights.ok(), () -> losses.details() + "\n" + weights.details());
    }

    @Test
    void everyFeedForwardSampleHasAFixture() throws IOException {
        TreeSet<String> samples = new TreeSet<>();
        for (String family : FEED_FORWARD_FAMILIES) {
            try (Stream<Path> files = Files.list(ROOT.resolve("samples").resolve(family))) {
                files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".nnet"))
                        .forEach(n -> samples.add(family + "/" + n.substring(0, n.length() - ".nnet".length())));
            }
        }
        TreeSet<String> fixtures = new TreeSet<>();
        for (String stem : fixtureStems()) {
            String sample = ParityFixture.read(FIXTURES.resolve(stem)).sample();
            assertTrue(sample.endsWith("/" + stem + ".nnet"), stem + "/meta.json names another sample: " + sample);
            fixtures.add(sample.replaceFirst("^samples/", "").replaceFirst("\\.nnet$", ""));
        }
        assertEquals(samples, fixtures, "parity fixtures (compiler/src/test/resources/parity) must cover exactly "
                + "the feed-forward samples; regenerate them with /usr/bin/python3 tools/parity/make_fixtures.py");
    }

    private static List<String> fixtureStems() {
        try (Stream<Path> dirs = Files.list(FIXTURES)) {
            return dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
