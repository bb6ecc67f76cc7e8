package dev.nnet.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnet.runtime.CompiledTrainer;
import dev.nnet.runtime.Rng;
import dev.nnet.runtime.TrainSpec;
import dev.nnet.runtime.io.Checkpoint;
import dev.nnet.runtime.train.RunOptions;
import dev.nnet.runtime.train.TrainingLoop;
import dev.nnet.samples.basics.linear_regression.LinearModel;
import dev.nnet.samples.basics.linear_regression.LinearModelTrainer;
import dev.nnet.samples.basics.logistic_regression.LogisticRegressionModel;
import dev.nnet.samples.basics.logistic_regression.LogisticRegressionModelTrainer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed's regressions, compiled by nnet-maven-plugin during this module's build: trained through the runtime's
 * loop, compared with the same gradient descent done by hand in double precision, then used for inference through
 * the generated model class and a checkpoint, as any Java program would.
 */
class RegressionSamplesTest {
    private static final double[] X = {1, 2, 3};
    /** The sample says 100 epochs; the slow direction of this problem needs about 1000 to reach w = 2. */
    private static final int EPOCHS = 1000;

    @TempDir
    Path work;

    private final ByteArrayOutputStream log = new ByteArrayOutputStream();

    /**
     * Trains as the train block says, for {@link #EPOCHS}, and saves a checkpoint the way the loop does at the end
     * of a run (the loop's own {@code --checkpoint} would save, and fsync, after every one of the 1000 epochs).
     */
    private CompiledTrainer train(IntFunction<CompiledTrainer> factory, TrainSpec spec, Path checkpoint) {
        RunOptions options = new RunOptions(work, null, EPOCHS, null, null, null, null, null, false);
        TrainingLoop loop = new TrainingLoop(spec, factory, options, new PrintStream(log, true));
        loop.run();
        CompiledTrainer t = loop.trainer();
        Checkpoint.save(checkpoint, t.parameters(), t.optimizerState(), EPOCHS, t.optimizerSteps(),
                t.optimizerSteps(), new Rng(0).state(), Map.of("model", spec.model()));
        return t;
    }

    /** The parameters the loop starts from: the generated initializer with the train block's seed. */
    private static float[] initialWeightAndBias(CompiledTrainer fresh, long seed) {
        fresh.initialize(new Rng(seed));
        return new float[] {fresh.parameters().get(0).data()[0], fresh.parameters().get(1).data()[0]};
    }

    @Test
    void linearRegressionLearnsWTwoAndPredictsFromACheckpoint() {
        float[] start = initialWeightAndBias(new LinearModelTrainer(3), LinearModelTrainer.SPEC.seed());
        Path checkpoint = work.resolve("linear.safetensors");
        CompiledTrainer trained = train(LinearModelTrainer::new, LinearModelTrainer.SPEC, checkpoint);
        float w = trained.parameters().get(0).data()[0];
        float b = trained.parameters().get(1).data()[0];

        // Full-batch SGD on sum((w x + b - y)^2), lr 0.01, y = 2x.
        double rw = start[0];
        double rb = start[1];
        for (int epoch = 0; epoch < EPOCHS; epoch++) {
            double gw = 0;
            double gb = 0;
            for (double x : X) {
                double r = rw * x + rb - 2 * x;
                gw += 2 * r * x;
                gb += 2 * r;
            }
            rw -= 0.01 * gw;
            rb -= 0.01 * gb;
        }
        assertEquals(rw, w, 1e-4, log.toString());
        assertEquals(rb, b, 1e-4, log.toString());
        assertEquals(2.0, w, 0.01);
        assertEquals(0.0, b, 0.02);
        assertTrue(log.toString().contains("Epoch 1000/1000"), log.toString());

        LinearModel model = new LinearModel(2);
        Checkpoint.loadInto(checkpoint, model.parameters(), true);
        float[] y = model.predict(2, new float[] {4f, -1f});
        assertEquals(w * 4 + b, y[0], 1e-6);
        assertEquals(-w + b, y[1], 1e-6);
        assertEquals(8.0, y[0], 0.05, "prediction for x = 4");
    }

    @Test
    void logisticRegressionMatchesHandComputedDescent() {
        float[] start = initialWeightAndBias(new LogisticRegressionModelTrainer(3),
                LogisticRegressionModelTrainer.SPEC.seed());
        Path checkpoint = work.resolve("logistic.safetensors");
        CompiledTrainer trained = train(LogisticRegressionModelTrainer::new, LogisticRegressionModelTrainer.SPEC,
                checkpoint);

        // Full-batch SGD on summed binary cross-entropy of sigmoid(w x + b), lr 0.01, targets 0, 0, 1.
        double[] target = {0, 0, 1};
        double rw = start[0];
        double rb = start[1];
        for (int epoch = 0; epoch < EPOCHS; epoch++) {
            double gw = 0;
            double gb = 0;
            for (int i = 0; i < X.length; i++) {
                double p = 1 / (1 + Math.exp(-(rw * X[i] + rb)));
                gw += (p - target[i]) * X[i];
                gb += p - target[i];
            }
            rw -= 0.01 * gw;
            rb -= 0.01 * gb;
        }
        assertEquals(rw, trained.parameters().get(0).data()[0], 1e-3, log.toString());
        assertEquals(rb, trained.parameters().get(1).data()[0], 1e-3, log.toString());

        LogisticRegressionModel model = new LogisticRegressionModel(2);
        Checkpoint.loadInto(checkpoint, model.parameters(), true);
        float[] p = model.predict(2, new float[] {1f, 7f});
        assertEquals(1 / (1 + Math.exp(-(rw + rb))), p[0], 1e-3);
        assertEquals(1 / (1 + Math.exp(-(7 * rw + rb))), p[1], 1e-3);
        assertTrue(p[0] < 0.5 && p[1] > 0.5, "1 hour fails, 7 hours pass: " + p[0] + ", " + p[1]);
    }
}
