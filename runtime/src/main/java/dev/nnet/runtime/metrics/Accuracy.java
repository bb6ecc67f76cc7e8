package dev.nnet.runtime.metrics;

/** Counts of correct predictions in a batch, as the seeds compute them with {@code argmax} or a threshold. */
public final class Accuracy {
    /** The threshold for outputs that are probabilities (after a sigmoid). */
    public static final float PROBABILITY_THRESHOLD = 0.5f;
    /** The threshold for outputs that are logits (sigmoid(0) = 0.5). */
    public static final float LOGIT_THRESHOLD = 0f;

    private Accuracy() {
    }

    /**
     * Rows of {@code out [n, classes]} (from {@code off}) whose largest output is at the target class
     * {@code y[i]}. Ties go to the first index and NaN counts as the largest, as {@code torch.argmax} does on CPU.
     */
    public static int correctArgmax(int n, int classes, float[] out, int off, int[] y) {
        if (classes <= 0 || n < 0) {
            throw new IllegalArgumentException("accuracy: shape [" + n + ", " + classes + "] is not a valid batch");
        }
        int correct = 0;
        for (int r = 0; r < n; r++) {
            int row = off + r * classes;
            int best = 0;
            float bestValue = out[row];
            for (int j = 1; j < classes && !Float.isNaN(bestValue); j++) {
                float v = out[row + j];
                if (v > bestValue || Float.isNaN(v)) {
                    best = j;
                    bestValue = v;
                }
            }
            if (best == y[r]) {
                correct++;
            }
        }
        return correct;
    }

    /**
     * Samples whose predicted class ({@code out[off + i] > threshold}) matches the label ({@code y[i] > 0.5}), for
     * a single output per sample. Pass {@link #PROBABILITY_THRESHOLD} or {@link #LOGIT_THRESHOLD}; an output equal
     * to the threshold predicts 0, as {@code torch.round} does for 0.5.
     */
    public static int correctBinary(int n, float[] out, int off, float[] y, float threshold) {
        int correct = 0;
        for (int i = 0; i < n; i++) {
            boolean predicted = out[off + i] > threshold;
            boolean actual = y[i] > 0.5f;
            if (predicted == actual) {
                correct++;
            }
        }
        return correct;
    }
}
