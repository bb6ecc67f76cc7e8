package dev.nnet.runtime.loss;

/**
 * {@code nn.CrossEntropyLoss} on logits {@code [n, classes]} and class indices: log-softmax and negative
 * log-likelihood fused, stable for any logits because each row's maximum is subtracted before exponentiating.
 *
 * <p>Log-probabilities are computed as PyTorch does, {@code (x - max) - log(Σ exp(x - max))} in float32; the sum of
 * exponentials and the loss total are accumulated in double (PyTorch uses float32 vector sums), which differs from
 * PyTorch only in the last bits. The gradient mirrors PyTorch's backward: with {@code s = gradScale / n} (or
 * {@code gradScale} for sum), {@code grad = softmax·s} and {@code grad[target] -= s}.
 */
public final class CrossEntropy {
    private CrossEntropy() {
    }

    /** {@link #forward(int, int, float[], int, int[], int, float[], int, float, boolean)} with targets from index 0. */
    public static float forward(int n, int classes, float[] logits, int off, int[] target, float[] grad, int gradOff,
                                float gradScale, boolean sum) {
        return forward(n, classes, logits, off, target, 0, grad, gradOff, gradScale, sum);
    }

    /**
     * The loss over rows {@code [0, n)}: their mean, or their sum when {@code sum}; NaN for the mean of no rows.
     *
     * @param logits row-major {@code [n, classes]} starting at {@code off}
     * @param target class index of row i at {@code target[targetOff + i]}
     * @param grad   when not null, receives d(loss)/d(logits) · {@code gradScale} at {@code gradOff} (overwritten)
     * @throws LossInputException when a target is not a class index in {@code [0, classes)}
     */
    public static float forward(int n, int classes, float[] logits, int off, int[] target, int targetOff,
                                float[] grad, int gradOff, float gradScale, boolean sum) {
        Spans.requireShape("cross_entropy", n, classes);
        long size = (long) n * classes;
        Spans.require("cross_entropy", "logits", logits, off, size);
        Spans.require("cross_entropy", "targets", target, targetOff, n);
        if (grad != null) {
            Spans.require("cross_entropy", "gradient", grad, gradOff, size);
        }
        float s = sum ? gradScale : gradScale / n;
        double total = 0;
        for (int r = 0; r < n; r++) {
            Spans.requireClass("cross_entropy", target, targetOff, r, classes);
            int row = off + r * classes;
            float max = logits[row];
            for (int j = 1; j < classes; j++) {
                max = Math.max(max, logits[row + j]);
            }
            double expSum = 0;
            for (int j = 0; j < classes; j++) {
                expSum += Math.exp(logits[row + j] - max);
            }
            float logSum = (float) Math.log(expSum);
            int t = target[targetOff + r];
            total -= logits[row + t] - max - logSum;
            if (grad != null) {
                int gradRow = gradOff + r * classes;
                for (int j = 0; j < classes; j++) {
                    float logProb = logits[row + j] - max - logSum;
                    grad[gradRow + j] = (float) Math.exp(logProb) * s;
                }
                grad[gradRow + t] -= s;
            }
        }
        return (float) (sum ? total : total / n);
    }
}
