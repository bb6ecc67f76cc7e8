package dev.nnet.codegen.java;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.palantir.javapoet.JavaFile;
import dev.nnet.diag.SourceFile;
import dev.nnet.Compilation;
import dev.nnet.Driver;
import dev.nnet.kernels.Parallel;
import dev.nnet.runtime.Batch;
import dev.nnet.runtime.CompiledTrainer;
import dev.nnet.runtime.ParallelMode;
import dev.nnet.runtime.Rng;
import dev.nnet.runtime.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The batch-split training step (each kernel thread trains on its share of the batch; gradients summed once, in
 * thread order) on {@code mnist-cnn}: the same bits run after run, the per-op step's results up to rounding for
 * even, uneven and one-sample batches, and no allocation once warm. Compiler tests run with 2 kernel threads
 * (compiler/pom.xml), so the shares are really run in parallel.
 */
class BatchSplitTrainingTest {
    private static final Path ROOT = Path.of(System.getProperty("nnet.repoRoot", ".."));
    private static final int MAX_BATCH = 64;
    private static String source;

    @TempDir
    static Path work;

    @BeforeAll
    static void read() throws IOException {
        source = Files.readString(ROOT.resolve("samples/mnist/mnist-cnn.nnet"));
        assertEquals(2, Parallel.threads(), "these tests need 2 kernel threads (-Dnnet.threads=2, as compiler/pom.xml "
                + "sets for tests)");
    }

    /** A fresh trainer that runs in {@code mode} ("batch" or "ops"), initialized from seed 7. */
    private static CompiledTrainer trainer(String mode) {
        System.setProperty(ParallelMode.PROPERTY, mode);
        try {
            CompiledTrainer t = GeneratedModel.load("mnist-cnn.nnet", source, work, MAX_BATCH).trainer;
            t.initialize(new Rng(7));
            return t;
        } finally {
            System.clearProperty(ParallelMode.PROPERTY);
        }
    }

    /** {@code n} samples of noise in [0, 1) with labels 0..9, drawn from {@code seed}. */
    private static Batch batch(int n, long seed) {
        return WarmWindows.noise(MAX_BATCH, n, 784, seed);
    }

    private static boolean splits(CompiledTrainer t) throws ReflectiveOperationException {
        java.lang.reflect.Field shares = t.getClass().getDeclaredField("shares");
        shares.setAccessible(true);
        return shares.get(t) != null;
    }

    @Test
    void eachModeIsTheOneAskedFor() throws ReflectiveOperationException {
        assertTrue(splits(trainer("batch")), "-Dnnet.parallel=batch splits the batch");
        assertFalse(splits(trainer("ops")), "-Dnnet.parallel=ops keeps the per-op step");
    }

    @Test
    void splitStepsGiveTheSameBitsRunAfterRun() {
        CompiledTrainer first = trainer("batch");
        CompiledTrainer second = trainer("batch");
        int[] sizes = {64, 64, 37, 1, 63, 64};
        for (int s = 0; s < sizes.length; s++) {
            Batch b = batch(sizes[s], 100 + s);
            float a = first.trainStep(b, new Rng(s));
            float c = second.trainStep(b, new Rng(s));
            assertEquals(Float.floatToIntBits(a), Float.floatToIntBits(c), "loss of step " + s);
        }
        List<Tensor> p = first.parameters();
        List<Tensor> q = second.parameters();
        for (int i = 0; i < p.size(); i++) {
            assertArrayEquals(p.get(i).data(), q.get(i).data(), 0f, p.get(i).name() + " after 6 split steps");
        }
    }

    /** One step in each mode from the same weights: the same loss and update up to float rounding. */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 37, 63, 64})
    void splitStepAgreesWithThePerOpStep(int n) {
        CompiledTrainer ops = trainer("ops");
        CompiledTrainer split = trainer("batch");
        float[][] before = GeneratedModel.copy(ops.parameters());
        Batch b = batch(n, 42);
        float lossOps = ops.trainStep(b, new Rng(1));
        float lossSplit = split.trainStep(b, new Rng(1));
        assertEquals(lossOps, lossSplit, 1e-6 * Math.abs(lossOps), "loss of a batch of " + n);
        for (int i = 0; i < before.length; i++) {
            float[] p = ops.parameters().get(i).data();
            float[] q = split.parameters().get(i).data();
            double largest = 0;
            for (int j = 0; j < p.length; j++) {
                largest = Math.max(largest, Math.abs(p[j] - before[i][j]));
            }
            assertTrue(largest > 0, ops.parameters().get(i).name() + " did not move");
            for (int j = 0; j < p.length; j++) {
                double stepOps = p[j] - before[i][j];
                double stepSplit = q[j] - before[i][j];
                assertEquals(stepOps, stepSplit, 1e-4 * largest + 1e-9,
                        ops.parameters().get(i).name() + "[" + j + "] update, batch of " + n);
            }
        }
    }

    /** Floats and ints in {@code o}'s own array fields (not those of the objects it holds). */
    private static long ownArrayElements(Object o) throws ReflectiveOperationException {
        long total = 0;
        for (java.lang.reflect.Field f : o.getClass().getDeclaredFields()) {
            if (java.lang.reflect.Modifier.isStatic(f.getModifiers())) {
                continue;
            }
            f.setAccessible(true);
            Object v = f.get(o);
            total += v instanceof float[] a ? a.length : v instanceof int[] a ? a.length : 0;
        }
        return total;
    }

    /** The shares hold a split trainer's activations: neither the per-op step's nor the model's predict buffers. */
    @Test
    void aSplitTrainerAllocatesOnlyTheBuffersOfTheStepsThatRun() throws ReflectiveOperationException {
        CompiledTrainer ops = trainer("ops");
        CompiledTrainer split = trainer("batch");
        Batch b = batch(64, 9);
        float lossOps = ops.trainStep(b, new Rng(1));
        float lossSplit = split.trainStep(b, new Rng(1));
        assertEquals(lossOps, lossSplit, 1e-6 * Math.abs(lossOps), "loss of the first step in each mode");
        assertTrue(ownArrayElements(ops) >= MAX_BATCH * 5760L, "the per-op step's buffers, allocated by its first "
                + "call, hold a batch of conv1's activations: " + ownArrayElements(ops));
        assertEquals(0, ownArrayElements(split), "arrays of a split trainer after a step");
        Object model = split.getClass().getField("model").get(split);
        assertEquals(0, ownArrayElements(model), "arrays of the model object a trainer keeps for its parameters");
        dev.nnet.runtime.EvalTotals totals = new dev.nnet.runtime.EvalTotals();
        split.evalBatch(b, totals);
        assertEquals(64, totals.count, "evaluation allocates its own buffers on its first batch");
        assertTrue(ownArrayElements(split) >= MAX_BATCH * 5760L, "the evaluation step's buffers");
    }

    @Test
    void warmSplitStepsAllocateNothingOnEitherThread() {
        CompiledTrainer t = trainer("batch");
        Batch full = batch(64, 3);
        Batch uneven = batch(37, 4);
        Rng rng = new Rng(5);
        for (int i = 0; i < 300; i++) {
            t.trainStep(i % 2 == 0 ? full : uneven, rng);
        }
        long[] ids = WarmWindows.stepThreads();
        assertEquals(2, ids.length, "the caller and one kernel worker");
        WarmWindows.assertSettleToZero("40 warm split steps, caller and kernel worker", WarmWindows.allocatedBytes(ids),
                () -> {
                    for (int i = 0; i < 40; i++) {
                        t.trainStep(i % 2 == 0 ? full : uneven, rng);
                    }
                });
    }


    @Test
    void aStepThatMixesSamplesStaysPerOpAndSaysWhy() {
        String dropout = """
                model Drop {
                  input x: [N, 4]
                  drop = dropout(p=0.5)
                  fc = linear(4, 2)
                  forward(x) { return fc(drop(x)) }
                }
                train Drop {
                  data train = tensors(x=[[1.0, 2.0, 3.0, 4.0]], target=[1])
                  loss cross_entropy
                  optimizer sgd(lr=0.1)
                  epochs 1
                }
                """;
        String trainer = generatedTrainer("drop.nnet", dropout);
        assertTrue(trainer.contains("the batch cannot be split across threads: drop (dropout"), trainer);
        assertFalse(trainer.contains("class Share"), "no shares for a per-op step");
        assertTrue(generatedTrainer("mnist-cnn.nnet", source).contains("private final class Share"),
                "mnist-cnn splits its batch");
    }

    private static String generatedTrainer(String path, String text) {
        Compilation c = Driver.compile(new SourceFile(path, text));
        assertFalse(c.hasErrors(), c.diagnostics().toString());
        List<JavaFile> files = JavaBackend.generate(dev.nnet.lower.Pipeline.lower(c), "nnet.generated");
        JavaFile trainer = files.stream().filter(f -> f.typeSpec().name().endsWith("Trainer")).findFirst()
                .orElse(null);
        assertNotNull(trainer, "no trainer generated for " + path);
        return trainer.toString();
    }

    /** The measured rule: convolutional seeds split the batch by default, the MLP (a weight used once a sample) not. */
    @Test
    void convolutionalSeedsSplitByDefaultTheMlpDoesNot() throws IOException {
        for (String net : List.of("mnist-cnn", "lenet", "mnist-resnet", "mnist-inception", "mnist-cnn-3fc",
                "mnist-mlp-5")) {
            String text = Files.readString(ROOT.resolve("samples/mnist/" + net + ".nnet"));
            boolean expected = !net.equals("mnist-mlp-5");
            assertTrue(generatedTrainer(net + ".nnet", text).contains("SPLIT_BATCH = " + expected), net);
        }
    }

    @Test
    void checkAcceptsEverySampleLikeMnistCnn() {
        Compilation c = Driver.compile(new SourceFile("mnist-cnn.nnet", source));
        var lowered = dev.nnet.lower.Pipeline.lower(c);
        var train = lowered.trains().get(0);
        assertNull(BatchSplitCheck.whyNot(train.trainStep().graph(), java.util.Set.of("x", "target")));
    }
}
