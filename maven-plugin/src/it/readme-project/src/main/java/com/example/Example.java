package com.example;

import com.example.nets.LinearModel;
import com.example.nets.LinearModelTrainer;
import dev.nnet.runtime.io.Checkpoint;
import dev.nnet.runtime.train.Training;
import java.nio.file.Path;

/** Trains y = 2x as linear-regression.nnet says, then predicts from the checkpoint the run wrote. */
public final class Example {
    public static void main(String[] args) {
        Path weights = Path.of("target/linear.safetensors");
        LinearModelTrainer trained = Training.of(LinearModelTrainer.SPEC, LinearModelTrainer::new)
                .checkpoint(weights)                       // optional: save the weights at the end
                .run();                                    // as the train block says: prints its log lines
        System.out.println("trained: 4 -> " + trained.model.predict(1, new float[] {4f})[0]);

        LinearModel model = new LinearModel(1);            // elsewhere: a fresh model (batches of up to 1 sample)
        Checkpoint.loadInto(weights, model.parameters(), true);
        System.out.println("loaded:  4 -> " + model.predict(1, new float[] {4f})[0]);
    }
}
