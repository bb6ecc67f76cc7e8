package dev.nnet.runtime;

/**
 * One batch, filled in place by a loader: {@code n} samples of features and their targets. Allocated once for
 * the largest batch, so a training step allocates nothing.
 */
public final class Batch {
    /** Features of sample i start at {@code i * featureSize}. */
    public final float[] x;
    /** Float targets ({@code [n, targetSize]}), or null when the targets are class indices. */
    public final float[] yFloat;
    /** Class-index targets ({@code [n, targetSize]}, usually one), or null when the targets are floats. */
    public final int[] yInt;
    public final int featureSize;
    public final int targetSize;
    /** Samples in this batch; at most the capacity it was allocated for. */
    public int n;

    public Batch(int capacity, int featureSize, int targetSize, boolean classTargets) {
        this.featureSize = featureSize;
        this.targetSize = targetSize;
        this.x = new float[capacity * featureSize];
        this.yFloat = classTargets ? null : new float[capacity * targetSize];
        this.yInt = classTargets ? new int[capacity * targetSize] : null;
    }

    public int capacity() {
        return featureSize == 0 ? 0 : x.length / featureSize;
    }
}
