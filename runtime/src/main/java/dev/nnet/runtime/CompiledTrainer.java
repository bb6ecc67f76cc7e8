package dev.nnet.runtime;

import java.util.List;

/**
 * What a generated trainer gives the training loop. The forward pass, loss, backward pass and optimizer update
 * are compiled into {@link #trainStep}; everything around them (data, epochs, logging, evaluation, checkpoints)
 * is the runtime's.
 */
public interface CompiledTrainer {
    TrainSpec spec();

    /** Learnable parameters in {@code state_dict} order, with PyTorch names and layouts; updated in place. */
    List<Tensor> parameters();

    /**
     * Optimizer state, e.g. {@code optimizer.fc.weight.momentum_buffer}, {@code optimizer.fc.weight.exp_avg};
     * checkpointed with the parameters so a run resumes exactly.
     */
    List<Tensor> optimizerState();

    /** Optimizer steps taken so far (Adam's bias correction and SGD's first-step momentum depend on it). */
    long optimizerSteps();

    void setOptimizerSteps(long steps);

    /** Default PyTorch initialization from {@code rng}, then the {@code init} overrides of the train block. */
    void initialize(Rng rng);

    /** The largest batch {@link #trainStep} and {@link #evalBatch} accept. */
    int maxBatch();

    /**
     * Forward, loss, backward and update on the first {@code batch.n} samples, in training mode; {@code rng}
     * drives dropout. Returns the loss as the train block defines it (mean unless the loss says sum).
     */
    float trainStep(Batch batch, Rng rng);

    /** Forward in evaluation mode (no dropout, no gradients); adds this batch's loss and metrics to {@code totals}. */
    void evalBatch(Batch batch, EvalTotals totals);
}
