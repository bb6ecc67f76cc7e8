package dev.nnet.codegen.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnet.kernels.Parallel;
import dev.nnet.runtime.Batch;
import dev.nnet.runtime.CompiledTrainer;
import dev.nnet.runtime.Rng;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every MNIST seed of the side by side trains without allocating once warm, in the threading mode it is compiled
 * with, on the caller and the kernel workers together. This is the side by side's allocation bar as a test: it
 * runs in compiler/pom.xml's Vector API execution, where the kernels are the ones `bin/nnet train` uses (Winograd,
 * lanes, shifted and the vector GEMMs), and where C2 could compile a large kernel into its boxing fallback.
 */
class SeedStepAllocationTest {
    private static final Path ROOT = Path.of(System.getProperty("nnet.repoRoot", ".."));
    private static final int MAX_BATCH = 64;
    private static final int WARM_STEPS = 60;
    private static final int STEPS_PER_WINDOW = 10;

    @TempDir
    static Path work;

    @BeforeAll
    static void twoThreads() {
        assertEquals(2, Parallel.threads(), "this test needs 2 kernel threads (-Dnnet.threads=2, as compiler/pom.xml "
                + "sets for tests)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"mnist-mlp-5", "mnist-cnn", "lenet", "mnist-resnet", "mnist-inception", "mnist-cnn-3fc"})
    void warmStepsAllocateNothing(String net) throws IOException {
        String file = net + ".nnet";
        String source = Files.readString(ROOT.resolve("samples/mnist/" + file));
        CompiledTrainer trainer = GeneratedModel.load(file, source, work, MAX_BATCH).trainer;
        trainer.initialize(new Rng(7));
        int features = net.equals("lenet") ? 32 * 32 : 28 * 28; // lenet's input is MNIST padded to 32×32
        Batch full = WarmWindows.noise(MAX_BATCH, 64, features, 3);
        Batch uneven = WarmWindows.noise(MAX_BATCH, 37, features, 4);
        Rng rng = new Rng(5);
        for (int i = 0; i < WARM_STEPS; i++) {
            trainer.trainStep(i % 2 == 0 ? full : uneven, rng);
        }
        long[] ids = WarmWindows.stepThreads();
        assertTrue(ids.length >= 2, "the caller and at least one kernel worker, found " + ids.length);
        WarmWindows.assertSettleToZero(STEPS_PER_WINDOW + " warm steps of " + net + ", caller and kernel workers",
                WarmWindows.allocatedBytes(ids), () -> {
                    for (int i = 0; i < STEPS_PER_WINDOW; i++) {
                        trainer.trainStep(i % 2 == 0 ? full : uneven, rng);
                    }
                });
    }
}
