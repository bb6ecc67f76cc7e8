package com.example;

import com.example.nets.LinearModel;
import dev.nnet.runtime.io.Checkpoint;
import java.nio.file.Path;

/** User code calling a generated model: inference from a checkpoint with the plain Java API. */
public final class Predictor {
    private final LinearModel model = new LinearModel(1);

    public Predictor(Path checkpoint) {
        Checkpoint.loadInto(checkpoint, model.parameters(), true);
    }

    public float predict(float x) {
        return model.predict(1, new float[] {x})[0];
    }
}
