package dev.nnet.runtime.train;

import dev.nnet.runtime.Batch;
import dev.nnet.runtime.CompiledTrainer;
import dev.nnet.runtime.EvalTotals;
import dev.nnet.runtime.Rng;
import dev.nnet.runtime.Tensor;
import dev.nnet.runtime.TrainSpec;
import dev.nnet.runtime.data.DataSpec;
import java.util.List;
import java.util.Map;

/**
 * A hand-written stand-in for a generated trainer: one weight {@code w}, predicting {@code w} for every sample,
 * mean squared error against the first target, plain gradient descent. Its loss falls at every step while the
 * targets are equal, which makes any jump in a logged loss curve the logger's doing.
 */
final class MeanTrainer implements CompiledTrainer {
    static final float LR = 0.05f;

    private final int maxBatch;
    private final Tensor w = new Tensor("w", 1);
    private long steps;
    final TrainSpec spec;

    MeanTrainer(TrainSpec spec, int maxBatch) {
        this.spec = spec;
        this.maxBatch = maxBatch;
    }

    /** Samples of one feature with float targets; {@code batch} per step, logged every {@code logEvery} batches. */
    static TrainSpec spec(int batch, int epochs, int logEvery) {
        DataSpec placeholder = new DataSpec.Tensors(new float[] {0f}, new int[] {1, 1}, new float[] {0f},
                new int[] {1, 1}, false);
        return new TrainSpec("Mean", Map.of("train", placeholder), "train", batch, false, false, epochs, 1,
                new TrainSpec.Cadence(logEvery, TrainSpec.Unit.BATCHES), List.of(), null, "mean.nnet");
    }

    @Override
    public TrainSpec spec() {
        return spec;
    }

    @Override
    public List<Tensor> parameters() {
        return List.of(w);
    }

    @Override
    public List<Tensor> optimizerState() {
        return List.of();
    }

    @Override
    public long optimizerSteps() {
        return steps;
    }

    @Override
    public void setOptimizerSteps(long steps) {
        this.steps = steps;
    }

    @Override
    public void initialize(Rng rng) {
        w.data()[0] = 0f;
    }

    @Override
    public int maxBatch() {
        return maxBatch;
    }

    @Override
    public float trainStep(Batch batch, Rng rng) {
        float loss = 0;
        float grad = 0;
        for (int i = 0; i < batch.n; i++) {
            float d = w.data()[0] - batch.yFloat[i];
            loss += d * d;
            grad += 2 * d;
        }
        w.data()[0] -= LR * grad / batch.n;
        steps++;
        return loss / batch.n;
    }

    @Override
    public void evalBatch(Batch batch, EvalTotals totals) {
        for (int i = 0; i < batch.n; i++) {
            float d = w.data()[0] - batch.yFloat[i];
            totals.lossSum += d * d;
        }
        totals.count += batch.n;
    }
}
