package dev.nnet.runtime.loss;

/**
 * {@code nn.MSELoss}: {@code (pred - target)²} over all {@code n·width} elements, averaged over all of them (as
 * PyTorch's mean does, not per row) or summed. Squares are float32 as in PyTorch; the total is accumulated in double.
 * The gradient mirrors PyTorch's backward, {@code (norm·(pred - target))·gradScale} with {@code norm = 2/(n·width)}
 * (or 2 for sum) rounded to float32.
 */
public final class Mse {
    private Mse() {
    }

    /**
     * The loss of {@code pred[off, off + n·width)} against {@code target[targetOff, ...)}: mean or, when
     * {@code sum}, sum; NaN for the mean of no elements.
     *
     * @param grad when not null, receives d(loss)/d(pred) · {@code gradScale} at {@code gradOff} (overwritten)
     */
    public static float forward(int n, int width, float[] pred, int off, float[] target, int targetOff,
                                float[] grad, int gradOff, float gradScale, boolean sum) {
        Spans.requireShape("mse", n, width);
        int count = Math.multiplyExact(n, width);
        Spans.require("mse", "predictions", pred, off, count);
        Spans.require("mse", "targets", target, targetOff, count);
        if (grad != null) {
            Spans.require("mse", "gradient", grad, gradOff, count);
        }
        float norm = (float) (sum ? 2.0 : 2.0 / count);
        double total = 0;
        for (int i = 0; i < count; i++) {
            float diff = pred[off + i] - target[targetOff + i];
            total += diff * diff;
            if (grad != null) {
                grad[gradOff + i] = norm * diff * gradScale;
            }
        }
        return (float) (sum ? total : total / count);
    }
}
