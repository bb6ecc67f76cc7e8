package com.example;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.example.testnets.LinearModelTrainer;
import dev.nnet.runtime.train.RunOptions;
import dev.nnet.runtime.train.TrainingLoop;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LinearModelTest {
    @TempDir
    Path work;

    @Test
    void trainsFromTestSources() {
        RunOptions options = new RunOptions(work, null, null, null, null, null, null, null, false);
        TrainingLoop loop = new TrainingLoop(LinearModelTrainer.SPEC, LinearModelTrainer::new, options, System.out);
        loop.run();
        assertEquals(2.0, loop.trainer().parameters().get(0).data()[0], 0.01, "w");
    }
}
