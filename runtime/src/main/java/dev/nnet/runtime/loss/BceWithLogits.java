package dev.nnet.runtime.loss;

/**
 * {@code nn.BCEWithLogitsLoss}: binary cross-entropy of {@code sigmoid(x)} computed from the logits without ever
 * forming {@code log(sigmoid(x))}, so it stays finite for any {@code x}. Per element, as PyTorch 1.13 writes it in
 * float32, {@code (1 - y)·x + m + log(exp(-m) + exp(-x - m))} with {@code m = max(-x, 0)}, which equals
 * {@code max(x, 0) - x·y + log(1 + exp(-|x|))}; the total is accumulated in double. Gradient: PyTorch's
 * {@code (sigmoid(x) - y)·gradScale}, divided by {@code n·width} for the mean.
 */
public final class BceWithLogits {
    private BceWithLogits() {
    }

    /**
     * The loss of logits {@code logits[off, off + n·width)} against targets {@code target[targetOff, ...)}: mean or,
     * when {@code sum}, sum; NaN for the mean of no elements.
     *
     * @param grad when not null, receives d(loss)/d(logits) · {@code gradScale} at {@code gradOff} (overwritten)
     * @throws LossInputException when a target is outside {@code [0, 1]} or NaN
     */
    public static float forward(int n, int width, float[] logits, int off, float[] target, int targetOff,
                                float[] grad, int gradOff, float gradScale, boolean sum) {
        Spans.requireShape("binary_cross_entropy_with_logits", n, width);
        int count = Math.multiplyExact(n, width);
        Spans.require("binary_cross_entropy_with_logits", "logits", logits, off, count);
        Spans.require("binary_cross_entropy_with_logits", "targets", target, targetOff, count);
        if (grad != null) {
            Spans.require("binary_cross_entropy_with_logits", "gradient", grad, gradOff, count);
        }
        double total = 0;
        for (int i = 0; i < count; i++) {
            float x = logits[off + i];
            float y = target[targetOff + i];
            if (!(y >= 0f && y <= 1f)) {
                throw new LossInputException("binary_cross_entropy_with_logits: target " + y + " at row " + i / width
                        + ", column " + i % width + " is outside [0, 1]");
            }
            float m = Math.max(-x, 0f);
            float softplus = (float) Math.log((float) Math.exp(-m) + (float) Math.exp(-x - m));
            total += (1f - y) * x + m + softplus;
            if (grad != null) {
                float sigmoid = (float) (1.0 / (1.0 + Math.exp(-x)));
                float g = (sigmoid - y) * gradScale;
                grad[gradOff + i] = sum ? g : g / count;
            }
        }
        return (float) (sum ? total : total / count);
    }
}
