package dev.nnet.runtime.optim;

import dev.nnet.kernels.Parallel;

/**
 * The batch-split step's gradient sum, {@code sum[i] += part[i]} for one share's part. A large gradient is added in
 * contiguous ranges over the kernel threads ({@link Ranges}); each element is the same one addition whichever
 * thread makes it, and the generated trainer adds the shares in share order, so the sum is the serial one.
 */
public final class GradientSum {
    private static final Split SPLIT = new Split();

    private GradientSum() {
    }

    public static void addInto(float[] sum, float[] part, int count) {
        if (Ranges.split(count)) {
            synchronized (SPLIT) {
                SPLIT.sum = sum;
                SPLIT.part = part;
                SPLIT.count = count;
                try {
                    Parallel.run(SPLIT);
                } finally {
                    SPLIT.sum = null;
                    SPLIT.part = null;
                }
            }
            return;
        }
        add(sum, part, 0, count);
    }

    static void add(float[] sum, float[] part, int from, int to) {
        for (int i = from; i < to; i++) {
            sum[i] += part[i];
        }
    }

    /** One call's arguments, held for the kernel threads (one reusable instance: nothing allocated per step). */
    private static final class Split implements Parallel.Task {
        private float[] sum;
        private float[] part;
        private int count;

        @Override
        public void run(int worker, int workers) {
            add(sum, part, Ranges.start(count, worker, workers), Ranges.start(count, worker + 1, workers));
        }
    }
}
