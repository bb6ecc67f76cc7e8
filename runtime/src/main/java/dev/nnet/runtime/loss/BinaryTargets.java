package dev.nnet.runtime.loss;

import dev.nnet.runtime.Batch;
import dev.nnet.runtime.data.DataException;
import dev.nnet.runtime.data.Dataset;
import java.util.Locale;

/**
 * Binary cross-entropy is defined for targets in [0, 1]. Checked once per data set before training, rather than in
 * the loss's inner loop, so a label of 2 or -1 stops the run at once with the sample that has it, and soft labels
 * (strictly between 0 and 1: legal, but usually a wrong column) are reported once as a warning.
 */
public final class BinaryTargets {
    private static final int CHUNK = 1024;

    private BinaryTargets() {
    }

    /**
     * @return a warning naming the first soft label, or null when every target is exactly 0 or 1
     * @throws DataException at the first target outside [0, 1] or NaN
     */
    public static String check(String name, Dataset data, String loss) {
        if (data.classTargets() || data.size() == 0) {
            return null; // class indices cannot feed a binary loss; the checker says so
        }
        int[] order = new int[data.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Batch batch = new Batch(Math.min(CHUNK, order.length), data.featureSize(), data.targetSize(), false);
        String warning = null;
        for (int from = 0; from < order.length; from += CHUNK) {
            int count = Math.min(CHUNK, order.length - from);
            data.fill(order, from, count, batch);
            for (int i = 0; i < count * data.targetSize(); i++) {
                float y = batch.yFloat[i];
                int sample = from + i / data.targetSize();
                if (!(y >= 0f && y <= 1f)) {
                    throw new DataException(String.format(Locale.ROOT, "data `%s`: target %s of sample %d is "
                            + "outside [0, 1], where %s is defined; binary targets are 0 or 1 (or a probability)",
                            name, y, sample + 1, loss));
                }
                if (warning == null && y != 0f && y != 1f) {
                    warning = String.format(Locale.ROOT, "data `%s`: target %s of sample %d is a soft label "
                            + "(between 0 and 1); %s accepts it, but check the label column if you meant classes",
                            name, y, sample + 1, loss);
                }
            }
        }
        return warning;
    }
}
