package dev.nnet.runtime.data;

import dev.nnet.runtime.Batch;
import dev.nnet.runtime.Rng;

/**
 * Cuts a data set into batches, epoch after epoch, like PyTorch's {@code DataLoader}: in order or in a seeded
 * random order, keeping or dropping the last partial batch. Once constructed it allocates nothing.
 */
public final class Loader {
    private final Dataset data;
    private final int batchSize;
    private final boolean shuffle;
    private final boolean dropLast;
    private final int[] order;
    private int position;
    private boolean started;

    /**
     * @param batchSize samples per batch; 0 for the whole set in one batch
     * @throws DataException if the data set is empty, or {@code dropLast} would leave no batch at all
     */
    public Loader(Dataset data, int batchSize, boolean shuffle, boolean dropLast) {
        if (batchSize < 0) {
            throw new IllegalArgumentException("batch size must be 0 (the whole set) or more, not " + batchSize);
        }
        if (data.size() == 0) {
            throw new DataException("the data set is empty: there is nothing to train or evaluate on");
        }
        this.data = data;
        this.batchSize = batchSize == 0 ? data.size() : batchSize;
        this.shuffle = shuffle;
        this.dropLast = dropLast;
        this.order = new int[data.size()];
        if (batchesPerEpoch() == 0) {
            throw new DataException("batch " + batchSize + " drop_last leaves no batch: the data set has only "
                    + data.size() + " samples; use a smaller batch or drop drop_last");
        }
    }

    public Dataset dataset() {
        return data;
    }

    /** Samples per full batch (the data set's size for {@code batch full}). */
    public int batchSize() {
        return batchSize;
    }

    public int batchesPerEpoch() {
        int n = data.size();
        return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
    }

    /** A batch big enough for this loader's batches, to allocate once and fill with {@link #next} every step. */
    public Batch newBatch() {
        return new Batch(Math.min(batchSize, data.size()), data.featureSize(), data.targetSize(), data.classTargets());
    }

    /**
     * Starts an epoch. With shuffle, the order is a Fisher-Yates shuffle of the identity drawn from {@code rng}:
     * starting from the identity every epoch makes an epoch's order depend on the generator's state alone, so a run
     * resumed from a checkpoint (which saves that state) sees the same order as the straight run.
     *
     * @param rng the shuffling source; may be null without shuffle
     */
    public void startEpoch(Rng rng) {
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        if (shuffle) {
            for (int i = order.length - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
        position = 0;
        started = true;
    }

    /** Moves past the epoch's next {@code batches} batches without reading them (to resume within an epoch). */
    public void skip(int batches) {
        if (!started) {
            throw new IllegalStateException("call startEpoch before skip");
        }
        position = (int) Math.min(order.length, position + (long) batches * batchSize);
    }

    /** Fills {@code batch} with the next batch of the epoch; false (and the batch untouched) once the epoch is over. */
    public boolean next(Batch batch) {
        if (!started) {
            throw new IllegalStateException("call startEpoch before next");
        }
        int count = Math.min(batchSize, order.length - position);
        if (count == 0 || (dropLast && count < batchSize)) {
            return false;
        }
        data.fill(order, position, count, batch);
        position += count;
        return true;
    }
}
