package dev.nnet.runtime.train;

import java.util.Arrays;

/**
 * A run cut to a number of steps, for parity checks and throughput measurements ({@code nnet train --steps N}):
 * optionally every step's loss (which makes a device wait for each step), and the training speed over the steps
 * after a warm-up, timed from one wait for the device to another.
 */
public final class StepTrace {
    private final long maxSteps;
    private final boolean everyLoss;
    private final long warmupSteps;
    private float[] losses = new float[16];
    private int recorded;
    private long steps;
    private long timedFrom = -1;
    private long timedSamples;
    private long timedNanos;

    /**
     * @param maxSteps    the run stops after this many steps (0: as the train block says)
     * @param everyLoss   read and keep every step's loss
     * @param warmupSteps steps before the clock starts (module loading, JIT, caches)
     */
    public StepTrace(long maxSteps, boolean everyLoss, long warmupSteps) {
        this.maxSteps = maxSteps;
        this.everyLoss = everyLoss;
        this.warmupSteps = warmupSteps;
    }

    long maxSteps() {
        return maxSteps;
    }

    boolean everyLoss() {
        return everyLoss;
    }

    /** Counts one step of {@code samples} samples; true when the device must be waited for (the clock reads). */
    boolean step(int samples) {
        steps++;
        if (timedFrom >= 0) {
            timedSamples += samples;
        }
        return steps == warmupSteps || done();
    }

    /** Called right after the wait that {@link #step} asked for. */
    void synced(long nanoTime) {
        if (steps == warmupSteps) {
            timedFrom = nanoTime;
        }
        if (done() && timedFrom >= 0) {
            timedNanos = nanoTime - timedFrom;
        }
    }

    void record(float loss) {
        if (recorded == losses.length) {
            losses = Arrays.copyOf(losses, losses.length * 2);
        }
        losses[recorded++] = loss;
    }

    boolean done() {
        return maxSteps > 0 && steps >= maxSteps;
    }

    public long steps() {
        return steps;
    }

    /** Every step's loss, in order (empty unless asked for). */
    public float[] losses() {
        return Arrays.copyOf(losses, recorded);
    }

    /** Samples per second over the steps after the warm-up; NaN when the run was not longer than the warm-up. */
    public double samplesPerSecond() {
        return timedNanos > 0 ? timedSamples / (timedNanos / 1e9) : Double.NaN;
    }

    /** The steps the speed was measured over, e.g. "11-200". */
    public String timedSteps() {
        return (warmupSteps + 1) + "-" + steps;
    }
}
