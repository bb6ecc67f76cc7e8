package dev.nnet.runtime.train;

import dev.nnet.runtime.Batch;
import dev.nnet.runtime.EvalTotals;
import dev.nnet.runtime.Rng;
import dev.nnet.runtime.Tensor;
import dev.nnet.runtime.TrainSpec;
import dev.nnet.runtime.cuda.DeviceTrainer;
import java.util.List;

/**
 * {@link MeanTrainer}'s arithmetic as a {@link DeviceTrainer}: its "device" weight is a field the host tensor
 * sees only through {@link #pullToHost()}, and step losses pile up in a running sum until {@link #drainLosses()},
 * as they do on a GPU. It counts what the loop asks of it, so tests can see when the loop syncs.
 */
final class QueuedMeanTrainer implements DeviceTrainer {
    private final MeanTrainer host;
    private float deviceW;
    private double lossSum;
    private int lossSteps;
    int enqueued;
    int drains;
    int pulls;
    int pushes;
    int trainSteps;

    QueuedMeanTrainer(TrainSpec spec, int maxBatch) {
        this.host = new MeanTrainer(spec, maxBatch);
    }

    @Override
    public void enqueueStep(Batch batch, Rng rng) {
        float w = host.parameters().get(0).data()[0];
        host.parameters().get(0).data()[0] = deviceW; // MeanTrainer's step, on the device's copy
        lossSum += host.trainStep(batch, rng);
        deviceW = host.parameters().get(0).data()[0];
        host.parameters().get(0).data()[0] = w;
        lossSteps++;
        enqueued++;
    }

    @Override
    public LossSum drainLosses() {
        drains++;
        LossSum sum = new LossSum(lossSum, lossSteps);
        lossSum = 0;
        lossSteps = 0;
        return sum;
    }

    @Override
    public void pullToHost() {
        pulls++;
        host.parameters().get(0).data()[0] = deviceW;
    }

    @Override
    public void pushToDevice() {
        pushes++;
        deviceW = host.parameters().get(0).data()[0];
    }

    @Override
    public String deviceName() {
        return "queue";
    }

    @Override
    public float trainStep(Batch batch, Rng rng) {
        trainSteps++;
        enqueueStep(batch, rng);
        return (float) drainLosses().sum();
    }

    @Override
    public void initialize(Rng rng) {
        host.initialize(rng);
        pushToDevice();
    }

    @Override
    public void evalBatch(Batch batch, EvalTotals totals) {
        for (int i = 0; i < batch.n; i++) {
            float d = deviceW - batch.yFloat[i];
            totals.lossSum += d * d;
        }
        totals.count += batch.n;
    }

    float deviceWeight() {
        return deviceW;
    }

    @Override
    public TrainSpec spec() {
        return host.spec();
    }

    @Override
    public List<Tensor> parameters() {
        return host.parameters();
    }

    @Override
    public List<Tensor> optimizerState() {
        return host.optimizerState();
    }

    @Override
    public long optimizerSteps() {
        return host.optimizerSteps();
    }

    @Override
    public void setOptimizerSteps(long steps) {
        host.setOptimizerSteps(steps);
    }

    @Override
    public int maxBatch() {
        return host.maxBatch();
    }
}
