package dev.nnet.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnet.Compilation;
import dev.nnet.Driver;
import dev.nnet.diag.SourceFile;
import dev.nnet.lower.LoweredProgram;
import dev.nnet.lower.MemoryEstimate;
import dev.nnet.lower.Pipeline;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A trainer's memory is known from the lowered program, so an impossible batch is refused before allocating. */
class MemoryEstimateTest {
    private static final Path ROOT = Path.of(System.getProperty("nnet.repoRoot", ".."));

    private static Compilation compile(String sample) throws Exception {
        Path p = ROOT.resolve(sample);
        return Driver.compile(new SourceFile(p.toString(), Files.readString(p)));
    }

    @Test
    void estimateGrowsLinearlyWithTheBatchAndCountsParametersWithTheirState() throws Exception {
        LoweredProgram p = Pipeline.lower(compile("samples/mnist/mnist-cnn.nnet"));
        LoweredProgram.Train train = p.trains().get(0);
        LoweredProgram.Model model = p.model(train.model().name());
        long b64 = MemoryEstimate.of(model, train, 64).bytes();
        long b128 = MemoryEstimate.of(model, train, 128).bytes();
        long b192 = MemoryEstimate.of(model, train, 192).bytes();
        assertEquals(b128 - b64, b192 - b128, "linear in the batch");
        long fixed = b64 - (b128 - b64);
        // 8,490 parameters, each with a .grad and SGD's momentum buffer, 4 bytes each; the weight gradients of
        // the conv layers are planned buffers too.
        assertTrue(fixed >= 8_490L * 3 * 4, "fixed part " + fixed);
        // Per sample at least the training step's activations: conv1's output alone is 5,760 floats.
        assertTrue((b128 - b64) / 64 >= 5_760L * 4, "per sample " + (b128 - b64) / 64);
    }

    @Test
    void aBatchBeyondJavasArraysIsRefusedWithTheReason(@TempDir Path work) throws Exception {
        CompiledProgram program = CompiledProgram.load(compile("samples/mnist/mnist-cnn.nnet"), work);
        RunException e = assertThrows(RunException.class, () -> program.factory().apply(Integer.MAX_VALUE));
        assertTrue(e.getMessage().startsWith("training `Net` with batch 2147483647 needs an array of "), e.getMessage());
        assertTrue(e.getMessage().endsWith("Java arrays hold at most 2,147,483,639; use a smaller `batch`"),
                e.getMessage());
    }

    @Test
    void aBatchBeyondTheHeapIsRefusedWithTheFigureAndTheFix() throws Exception {
        LoweredProgram p = Pipeline.lower(compile("samples/mnist/mnist-cnn.nnet"));
        LoweredProgram.Train train = p.trains().get(0);
        MemoryEstimate e = MemoryEstimate.of(p.model("Net"), train, 100_000);
        long gigabyte = 1L << 30;
        RunException refused = assertThrows(RunException.class,
                () -> CompiledProgram.requireMemory(e, "Net", 100_000, gigabyte));
        assertTrue(refused.getMessage().matches("training `Net` with batch 100000 needs at least [0-9.]+ GB for its "
                + "buffers, parameters and optimizer state, more than the 1\\.1 GB this JVM may use; use a smaller "
                + "`batch`, or give the JVM more memory \\(NNET_JAVA_OPTS=-Xmx[0-9]+g for bin/nnet\\)"),
                refused.getMessage());
        CompiledProgram.requireMemory(e, "Net", 100_000, e.bytes()); // exactly enough is allowed
    }
}
