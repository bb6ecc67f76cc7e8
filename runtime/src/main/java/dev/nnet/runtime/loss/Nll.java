package dev.nnet.runtime.loss;

/**
 * {@code nn.NLLLoss} on log-probabilities {@code [n, classes]} (the output of {@code log_softmax}) and class indices:
 * {@code -logp[target]} averaged (or summed) over rows. The total is accumulated in double.
 */
public final class Nll {
    private Nll() {
    }

    /** {@link #forward(int, int, float[], int, int[], int, float[], int, float, boolean)} with targets from index 0. */
    public static float forward(int n, int classes, float[] logProbs, int off, int[] target, float[] grad,
                                int gradOff, float gradScale, boolean sum) {
        return forward(n, classes, logProbs, off, target, 0, grad, gradOff, gradScale, sum);
    }

    /**
     * The loss over rows {@code [0, n)}: their mean, or their sum when {@code sum}; NaN for the mean of no rows.
     *
     * @param grad when not null, receives d(loss)/d(logProbs) · {@code gradScale} at {@code gradOff}: zero except
     *             {@code -gradScale/n} (or {@code -gradScale}) at each row's target (overwritten)
     * @throws LossInputException when a target is not a class index in {@code [0, classes)}
     */
    public static float forward(int n, int classes, float[] logProbs, int off, int[] target, int targetOff,
                                float[] grad, int gradOff, float gradScale, boolean sum) {
        Spans.requireShape("nll", n, classes);
        long size = (long) n * classes;
        Spans.require("nll", "log-probabilities", logProbs, off, size);
        Spans.require("nll", "targets", target, targetOff, n);
        if (grad != null) {
            Spans.require("nll", "gradient", grad, gradOff, size);
        }
        float s = sum ? gradScale : gradScale / n;
        double total = 0;
        for (int r = 0; r < n; r++) {
            Spans.requireClass("nll", target, targetOff, r, classes);
            int t = target[targetOff + r];
            total -= logProbs[off + r * classes + t];
            if (grad != null) {
                int gradRow = gradOff + r * classes;
                for (int j = 0; j < classes; j++) {
                    grad[gradRow + j] = 0f;
                }
                grad[gradRow + t] = -s;
            }
        }
        return (float) (sum ? total : total / n);
    }
}
