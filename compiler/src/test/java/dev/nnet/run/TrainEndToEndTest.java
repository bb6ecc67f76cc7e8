package dev.nnet.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnet.Compilation;
import dev.nnet.Driver;
import dev.nnet.diag.SourceFile;
import dev.nnet.runtime.CompiledTrainer;
import dev.nnet.runtime.Tensor;
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
    void parametersKeepPyTorchNamesAndOrder() throws IOException {
        TrainingLoop loop = loop("samples/mnist/mnist-cnn.nnet", 0, new ByteArrayOutputStream());
        assertEquals(java.util.List.of("conv1.weight", "conv1.bias", "conv2.weight", "conv2.bias", "fc.weight",
                "fc.bias"), loop.trainer().parameters().stream().map(Tensor::name).toList());
    }
}
