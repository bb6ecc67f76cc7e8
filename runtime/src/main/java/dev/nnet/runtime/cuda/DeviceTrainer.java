package dev.nnet.runtime.cuda;

import dev.nnet.runtime.Batch;
import dev.nnet.runtime.CompiledTrainer;
import dev.nnet.runtime.Rng;

/**
 * A trainer whose parameters and optimizer state live on a device. Steps are queued without waiting; the training
 * loop reads the loss only when it logs, evaluates, checkpoints or ends an epoch ({@link #drainLosses()}), and
 * copies parameters to the host only when it needs them there ({@link #pullToHost()}).
 *
 * <p>{@link #trainStep} is {@link #enqueueStep} then {@link #drainLosses()}, for callers that need each loss.
 * {@link #initialize} runs on the host tensors, as the CPU trainer does, then {@link #pushToDevice()}.
 */
public interface DeviceTrainer extends CompiledTrainer {
    /** Queues forward, loss, backward and update; adds the loss to a device-side running sum; does not wait. */
    void enqueueStep(Batch batch, Rng rng);

    /** Waits for queued steps; returns the sum of their losses and how many, and resets both. */
    LossSum drainLosses();

    /** The losses of the steps since the last drain: their sum and how many. */
    record LossSum(double sum, int steps) {
        /** The mean loss of the drained steps (NaN when there were none). */
        public double mean() {
            return steps == 0 ? Double.NaN : sum / steps;
        }
    }

    /** Copies parameters and optimizer state device → the host tensors of parameters()/optimizerState(). */
    void pullToHost();

    /** Copies the host tensors (e.g. just loaded from a checkpoint, or initialized) → device. */
    void pushToDevice();

    String deviceName();
}
