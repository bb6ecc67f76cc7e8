package dev.nnet.runtime.data;

import dev.nnet.runtime.Batch;

/**
 * An in-memory data set of fixed-shape samples, each with one target. Samples are kept compact (MNIST as bytes)
 * and converted, with the transforms applied, only when a batch is filled.
 */
public interface Dataset {
    /** Number of samples. */
    int size();

    /** Shape of one sample after the transforms, e.g. {@code [1, 28, 28]} for MNIST, {@code [8]} for Pima. */
    int[] sampleShape();

    /** Floats per sample: the product of {@link #sampleShape()}. */
    int featureSize();

    /** True when targets are class indices ({@link Batch#yInt}), false when they are floats ({@link Batch#yFloat}). */
    boolean classTargets();

    /** Floats per target; 1 for class targets. */
    int targetSize();

    /** Number of classes (10 for MNIST, one more than the largest label for class targets), 0 if unknown. */
    int classes();

    /**
     * Copies samples {@code order[from]}, ..., {@code order[from + count - 1]} into the first {@code count} slots
     * of {@code batch}, applying the transforms, and sets {@code batch.n = count}. Allocates nothing; not safe to
     * call from two threads at once on the same data set.
     *
     * @throws IllegalArgumentException if the batch is too small or shaped for other data
     */
    void fill(int[] order, int from, int count, Batch batch);

    /** Shared argument checks of {@link #fill}, so every implementation fails the same way. */
    static void checkFill(Dataset data, int[] order, int from, int count, Batch batch) {
        if (batch.featureSize != data.featureSize() || batch.targetSize != data.targetSize()
                || (batch.yInt != null) != data.classTargets()) {
            throw new IllegalArgumentException("batch of " + batch.featureSize + " features and " + batch.targetSize
                    + " targets does not fit samples of " + data.featureSize() + " features and "
                    + data.targetSize() + (data.classTargets() ? " class" : " float") + " targets");
        }
        if (count < 0 || count > batch.capacity() || from < 0 || from > order.length - count) {
            throw new IllegalArgumentException("cannot fill " + count + " samples from position " + from + " of "
                    + order.length + " into a batch of capacity " + batch.capacity());
        }
    }
}
