package dev.nnet.runtime.train;

/**
 * The losses of one epoch as the loop reads them: every step's on the CPU, and on a device the sum of the steps
 * queued since the last read (a window). The log line's running mean, the epoch's sample-weighted mean and the
 * non-finite and divergence checks all work on what was read, so a device syncs only when the loop needs a number.
 */
final class EpochLosses {
    private final Divergence divergence;
    private final boolean allowDivergence;
    private final int epoch;
    /** Since the last log line. */
    private double running;
    private int inWindow;
    private double lastMean = Double.NaN;
    private double weightedSum;
    private long samples;

    EpochLosses(Divergence divergence, boolean allowDivergence, int epoch) {
        this.divergence = divergence;
        this.allowDivergence = allowDivergence;
        this.epoch = epoch;
    }

    /**
     * Records {@code steps} steps ending at batch {@code lastBatch}, each of {@code samplesPerStep} samples, whose
     * losses add up to {@code sum}; throws when their mean is not finite or shows divergence.
     */
    void add(double sum, int steps, int samplesPerStep, int lastBatch) {
        if (steps == 0) {
            return;
        }
        double mean = sum / steps;
        if (!Double.isFinite(mean)) {
            String where = steps == 1 ? "at epoch " + epoch + ", batch " + lastBatch
                    : "in batches " + (lastBatch - steps + 1) + " to " + lastBatch + " of epoch " + epoch;
            throw new TrainingException("the loss became " + (float) mean + " " + where
                    + "; lower the learning rate or check the data");
        }
        String diverged = allowDivergence ? null : divergence.observe(steps == 1 ? sum : mean, epoch, lastBatch);
        if (diverged != null) {
            throw new TrainingException(diverged);
        }
        running += sum;
        inWindow += steps;
        lastMean = mean;
        weightedSum += sum * samplesPerStep;
        samples += (long) steps * samplesPerStep;
    }

    /** The mean loss since the last log line; before any is read on a device, the last one read (or NaN). */
    double runningMean() {
        return inWindow > 0 ? running / inWindow : lastMean;
    }

    boolean windowEmpty() {
        return inWindow == 0;
    }

    /** Starts the next log line's window. */
    void logged() {
        running = 0;
        inWindow = 0;
    }

    /** The epoch's loss: each step's weighted by its samples, as the CPU loop has always reported it. */
    double epochMean() {
        return samples == 0 ? Double.NaN : weightedSum / samples;
    }
}
