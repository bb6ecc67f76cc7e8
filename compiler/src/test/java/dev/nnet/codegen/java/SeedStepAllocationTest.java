package dev.nnet.codegen.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnet.kernels.Parallel;
import dev.nnet.runtime.Batch;
import dev.nnet.runtime.CompiledTrainer;
import dev.nnet.runtime.Rng;
import java.io.IOException;
import java.lang.management.ManagementFactory;
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
        Batch full = noise(64, features, 3);
        Batch uneven = noise(37, features, 4);
        Rng rng = new Rng(5);
        for (int i = 0; i < WARM_STEPS; i++) {
            trainer.trainStep(i % 2 == 0 ? full : uneven, rng);
        }
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long[] ids = Thread.getAllStackTraces().keySet().stream()
                .filter(th -> th == Thread.currentThread() || th.getName().startsWith("nnet-kernels-"))
                .mapToLong(Thread::getId).toArray();
        assertTrue(ids.length >= 2, "the caller and at least one kernel worker, found " + ids.length);
        WarmWindows.assertSettleToZero(STEPS_PER_WINDOW + " warm steps of " + net + ", caller and kernel workers",
                () -> allocated(bean, ids), () -> {
                    for (int i = 0; i < STEPS_PER_WINDOW; i++) {
                        trainer.trainStep(i % 2 == 0 ? full : uneven, rng);
                    }
                });
    }

    /** {@code n} samples of noise in [0, 1) with labels 0..9, drawn from {@code seed}. */
    private static Batch noise(int n, int features, long seed) {
        Batch b = new Batch(MAX_BATCH, features, 1, true);
        Rng rng = new Rng(seed);
        for (int i = 0; i < n * features; i++) {
            b.x[i] = rng.nextFloat();
        }
        for (int i = 0; i < n; i++) {
            b.yInt[i] = (int) (rng.nextFloat() * 10) % 10;
        }
        b.n = n;
        return b;
    }

    private static long allocated(com.sun.management.ThreadMXBean bean, long[] ids) {
        long sum = 0;
        for (long id : ids) {
            sum += Math.max(0, bean.getThreadAllocatedBytes(id));
        }
        return sum;
    }
}
