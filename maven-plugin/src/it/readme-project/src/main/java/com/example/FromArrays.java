package com.example;

import com.example.nets.LinearModelTrainer;
import dev.nnet.runtime.data.Samples;
import dev.nnet.runtime.train.Training;

/** Trains the same model on samples from Java arrays (y = 3x + 1) instead of the train block's data. */
public final class FromArrays {
    public static void main(String[] args) {
        float[][] x = {{0f}, {1f}, {2f}, {3f}};
        float[][] y = {{1f}, {4f}, {7f}, {10f}};
        LinearModelTrainer trained = Training.of(LinearModelTrainer.SPEC, LinearModelTrainer::new)
                .data("train", Samples.of(x, y))          // the train block's data set `train`, replaced
                .epochs(2000)
                .seed(7)
                .quiet()                                   // no log lines
                .run();
        System.out.println("arrays:  5 -> " + trained.model.predict(1, new float[] {5f})[0]);
    }
}
