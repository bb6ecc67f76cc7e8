package dev.nnet.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnet.Compilation;
import dev.nnet.Driver;
import dev.nnet.diag.SourceFile;
import dev.nnet.runtime.Batch;
import dev.nnet.runtime.CompiledTrainer;
import dev.nnet.runtime.EvalTotals;
import dev.nnet.runtime.Rng;
import dev.nnet.runtime.Tensor;
import dev.nnet.runtime.io.Safetensors;
import dev.nnet.runtime.io.SafetensorsFile;
import dev.nnet.runtime.train.RunOptions;
import dev.nnet.runtime.train.TrainingLoop;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A seed network compiled to Java, compiled by javac, loaded and trained through the runtime's loop. */
class TrainEndToEndTest {
    private static final Path ROOT = Path.of(System.getProperty("nnet.repoRoot", ".."));

    @TempDir
    Path work;

    private TrainingLoop loop(String sample, Integer epochs, ByteArrayOutputStream log) throws IOException {
        Path p = ROOT.resolve(sample);
        Compilation c = Driver.compile(new SourceFile(p.toString(), Files.readString(p)));
        CompiledProgram program = CompiledProgram.load(c, work);
        RunOptions options = new RunOptions(p.getParent(), null, epochs, null, null, work.resolve("ckpt.safetensors"),
                null, null, false);
        return new TrainingLoop(program.spec(), program.factory(), options, new PrintStream(log, true));
    }

    @Test
    void linearRegressionLearnsYEqualsTwoX() throws IOException {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        TrainingLoop loop = loop("samples/basics/linear-regression.nnet", 1000, log);
        loop.run();
        CompiledTrainer t = loop.trainer();
        float w = t.parameters().get(0).data()[0];
        float b = t.parameters().get(1).data()[0];
        assertEquals(2.0, w, 0.05, log.toString());
        assertEquals(0.0, b, 0.1, log.toString());
        assertEquals(8.0, w * 4 + b, 0.05, "prediction for x = 4");
        assertTrue(log.toString().contains("Epoch 1000/1000"), log.toString());
    }

    @Test
    void workedBackpropExampleOfSeed002() throws IOException {
        TrainingLoop loop = loop("samples/basics/backprop-worked-example.nnet", 0, new ByteArrayOutputStream());
        loop.run(); // zero epochs: initialization only, from the train block's init statements
        CompiledTrainer t = loop.trainer();
        Batch batch = new Batch(1, 2, 2, false);
        batch.n = 1;
        System.arraycopy(new float[] {0.10f, 0.20f}, 0, batch.x, 0, 2);
        System.arraycopy(new float[] {0.85f, 0.30f}, 0, batch.yFloat, 0, 2);
        float total = t.trainStep(batch, new Rng(0));
        float w1 = t.parameters().get(0).data()[0]; // hidden.weight[0][0]: i1 -> h1
        float w5 = t.parameters().get(2).data()[0]; // output.weight[0][0]: h1 -> o1
        assertEquals(0.096867268, total, 1e-7, "E_total");
        assertEquals(0.268375021, w5, 1e-7, "w5+");
        assertEquals(0.049574763, w1, 1e-8, "w1+");
    }

    @Test
    void mnistCnnReaches95PercentAfterOneEpochOnFullMnist() throws IOException {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        TrainingLoop loop = loop("samples/mnist/mnist-cnn.nnet", 1, log);
        loop.run();
        EvalTotals test = loop.evaluate("test");
        assertEquals(10_000, test.count, log.toString());
        assertTrue(test.accuracy() >= 95.0, "accuracy " + test.accuracy() + "%\n" + log);
        assertTrue(log.toString().contains("Test set: Accuracy: "), log.toString());
    }

    @Test
    void initFromStartsFromWeightsPyTorchWrote() throws IOException {
        Path torch = ROOT.resolve("compiler/src/test/resources/torch/mnist-cnn-init.safetensors");
        Path p = ROOT.resolve("samples/mnist/mnist-cnn.nnet");
        CompiledProgram program = CompiledProgram.load(Driver.compile(new SourceFile(p.toString(),
                Files.readString(p))), work);
        RunOptions options = new RunOptions(p.getParent(), null, 0, null, torch, null, null, null, false);
        TrainingLoop loop = new TrainingLoop(program.spec(), program.factory(), options,
                new PrintStream(new ByteArrayOutputStream(), true));
        loop.run();
        SafetensorsFile file = Safetensors.read(torch);
        for (Tensor t : loop.trainer().parameters()) {
            assertArrayEquals(file.floats(t.name()), t.data(), t.name());
        }
    }

    @Test
    void parametersKeepPyTorchNamesAndOrder() throws IOException {
        TrainingLoop loop = loop("samples/mnist/mnist-cnn.nnet", 0, new ByteArrayOutputStream());
        assertEquals(java.util.List.of("conv1.weight", "conv1.bias", "conv2.weight", "conv2.bias", "fc.weight",
                "fc.bias"), loop.trainer().parameters().stream().map(Tensor::name).toList());
    }
}
