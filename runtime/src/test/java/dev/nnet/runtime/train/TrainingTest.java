package dev.nnet.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.nnet.runtime.EvalTotals;
import dev.nnet.runtime.TrainSpec;
import dev.nnet.runtime.data.Samples;
import dev.nnet.runtime.io.Checkpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingTest {
    @TempDir
    Path dir;

    private static float[][] column(int n, float value) {
        float[][] rows = new float[n][1];
        for (float[] row : rows) {
            row[0] = value;
        }
        return rows;
    }

    @Test
    void trainsOnJavaArraysAndWritesTheCheckpointItWasGiven() {
        TrainSpec spec = MeanTrainer.spec(4, 20, 1000);
        Path checkpoint = dir.resolve("mean.safetensors");
        MeanTrainer trained = Training.of(spec, n -> new MeanTrainer(spec, n))
                .data("train", Samples.of(column(16, 0f), column(16, 3f)))
                .checkpoint(checkpoint)
                .quiet()
                .run();
        assertEquals(3f, trained.parameters().get(0).data()[0], 1e-3);
        assertEquals(80, trained.optimizerSteps(), "16 samples in batches of 4, 20 epochs");
        assertEquals(trained.parameters().get(0).data()[0],
                Checkpoint.load(checkpoint).parameters().get(0).data()[0]);
    }

    @Test
    void evaluatesTheTrainedWeightsAfterTheRun() {
        TrainSpec spec = MeanTrainer.spec(4, 30, 1000);
        Training<MeanTrainer> training = Training.of(spec, n -> new MeanTrainer(spec, n))
                .data("train", Samples.of(column(8, 0f), column(8, 3f))).quiet();
        assertThrows(IllegalStateException.class, () -> training.evaluate("train"));
        training.run();
        EvalTotals totals = training.evaluate("train");
        assertEquals(8, totals.count);
        assertEquals(0.0, totals.meanLoss(), 1e-4, "w has nearly reached 3");
        assertThrows(TrainingException.class, () -> training.evaluate("test"));
    }

    @Test
    void epochsOverridesTheTrainBlock() {
        TrainSpec spec = MeanTrainer.spec(16, 20, 1000);
        MeanTrainer trained = Training.of(spec, n -> new MeanTrainer(spec, n))
                .data("train", Samples.of(column(16, 0f), column(16, 3f))).epochs(2).quiet().run();
        assertEquals(2, trained.optimizerSteps());
    }

    @Test
    void aDataSetTheTrainBlockLacksIsAnErrorNamingTheOnesItHas() {
        TrainSpec spec = MeanTrainer.spec(4, 1, 1000);
        Training<MeanTrainer> training = Training.of(spec, n -> new MeanTrainer(spec, n))
                .data("tset", Samples.of(column(4, 0f), column(4, 1f))).quiet();
        TrainingException e = assertThrows(TrainingException.class, training::run);
        assertEquals("the train block of Mean has no data set `tset`; it has train", e.getMessage());
    }

    /**
     * The loss falls at every step here, so the logged step curve must fall too, across epoch ends: an epoch's mean
     * (dominated by its early, larger losses) logged as a step event is the saw-tooth the issue showed.
     */
    @Test
    void theStepLossCurveHasNoSawToothAtEpochEnds() throws IOException {
        TrainSpec spec = MeanTrainer.spec(1, 4, 3); // 10 batches an epoch, logged after 3, 6, 9 and at the end
        Path metrics = dir.resolve("metrics.jsonl");
        Training.of(spec, n -> new MeanTrainer(spec, n))
                .data("train", Samples.of(column(10, 0f), column(10, 3f))).metrics(metrics).quiet().run();
        List<JsonObject> train = new ArrayList<>();
        List<JsonObject> epochs = new ArrayList<>();
        for (String line : Files.readAllLines(metrics)) {
            JsonObject o = JsonParser.parseString(line).getAsJsonObject();
            (o.get("event").getAsString().equals("train") ? train : epochs).add(o);
        }
        assertEquals(16, train.size(), "4 logged windows per epoch, the last one the epoch's tail");
        assertEquals(4, epochs.size());
        for (int i = 1; i < train.size(); i++) {
            double before = train.get(i - 1).get("loss").getAsDouble();
            double after = train.get(i).get("loss").getAsDouble();
            assertTrue(after < before, "step " + train.get(i).get("step") + ": " + after + " after " + before);
        }
        // The epoch event carries the epoch's mean, which here lies above the epoch's last window.
        assertEquals("epoch", epochs.get(0).get("event").getAsString());
        assertEquals(10, epochs.get(0).get("step").getAsLong());
        assertTrue(epochs.get(0).get("loss").getAsDouble() > train.get(3).get("loss").getAsDouble());
    }
}
