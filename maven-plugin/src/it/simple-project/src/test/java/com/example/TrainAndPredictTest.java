package com.example;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.example.nets.LinearModelTrainer;
import dev.nnet.runtime.CompiledTrainer;
import dev.nnet.runtime.Rng;
import dev.nnet.runtime.io.Checkpoint;
import dev.nnet.runtime.train.RunOptions;
import dev.nnet.runtime.train.TrainingLoop;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainAndPredictTest {
    @TempDir
    Path work;

    @Test
    void theGeneratedTrainerLearnsYEqualsTwoX() {
        RunOptions options = new RunOptions(work, null, null, null, null, null, null, null, false);
        TrainingLoop loop = new TrainingLoop(LinearModelTrainer.SPEC, LinearModelTrainer::new, options, System.out);
        loop.run();
        CompiledTrainer t = loop.trainer();
        assertEquals(2.0, t.parameters().get(0).data()[0], 0.01, "w");

        Path checkpoint = work.resolve("linear.safetensors");
        Checkpoint.save(checkpoint, t.parameters(), t.optimizerState(), 1000, t.optimizerSteps(),
                t.optimizerSteps(), new Rng(0).state(), Map.of());
        assertEquals(8.0, new Predictor(checkpoint).predict(4f), 0.05, "prediction for x = 4");
    }
}
