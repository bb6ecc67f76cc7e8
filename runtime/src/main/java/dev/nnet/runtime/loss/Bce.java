package dev.nnet.runtime.loss;

/**
 * {@code nn.BCELoss} on probabilities: {@code (y - 1)·max(log(1 - x), -100) - y·max(log(x), -100)} per element,
 * averaged over all {@code n·width} elements or summed. The per-element terms follow PyTorch 1.13 in float32
 * ({@code log(1 - x)}; 2.x uses {@code log1p(-x)}, which differs by float32 rounding of {@code 1 - x}); the total is
 * accumulated in double. The -100 clamp keeps {@code x = 0} or {@code 1} finite, and the gradient
 * {@code gradScale·(x - y) / max((1 - x)·x, 1e-12)}, divided by {@code n·width} for the mean, is PyTorch's.
 */
public final class Bce {
    /** PyTorch's lower bound on the logarithms, so a saturated probability gives a finite loss. */
    public static final float LOG_CLAMP = -100f;
    /** PyTorch's lower bound on {@code (1 - x)·x} in the gradient's denominator. */
    public static final float GRAD_EPSILON = 1e-12f;

    private Bce() {
    }

    /**
     * The loss of probabilities {@code prob[off, off + n·width)} against targets in {@code [0, 1]}: mean or, when
     * {@code sum}, sum; NaN for the mean of no elements.
     *
     * @param grad when not null, receives d(loss)/d(prob) · {@code gradScale} at {@code gradOff} (overwritten)
     * @throws LossInputException when a probability or a target is outside {@code [0, 1]} or NaN
     */
    public static float forward(int n, int width, float[] prob, int off, float[] target, int targetOff,
                                float[] grad, int gradOff, float gradScale, boolean sum) {
        Spans.requireShape("binary_cross_entropy", n, width);
        int count = Math.multiplyExact(n, width);
        Spans.require("binary_cross_entropy", "probabilities", prob, off, count);
        Spans.require("binary_cross_entropy", "targets", target, targetOff, count);
        if (grad != null) {
            Spans.require("binary_cross_entropy", "gradient", grad, gradOff, count);
        }
        double total = 0;
        for (int i = 0; i < count; i++) {
            float x = prob[off + i];
            float y = target[targetOff + i];
            if (!(x >= 0f && x <= 1f) || !(y >= 0f && y <= 1f)) {
                throw outOfRange(x, y, i, width);
            }
            float logX = Math.max((float) Math.log(x), LOG_CLAMP);
            float logOneMinusX = Math.max((float) Math.log(1f - x), LOG_CLAMP);
            total += (y - 1f) * logOneMinusX - y * logX;
            if (grad != null) {
                float g = gradScale * (x - y) / Math.max((1f - x) * x, GRAD_EPSILON);
                grad[gradOff + i] = sum ? g : g / count;
            }
        }
        return (float) (sum ? total : total / count);
    }

    private static LossInputException outOfRange(float x, float y, int index, int width) {
        String where = "row " + index / width + ", column " + index % width;
        if (Float.isNaN(x)) {
            return new LossInputException("binary_cross_entropy: the model's output at " + where + " is NaN;"
                    + " training diverged, try a smaller learning rate");
        }
        if (!(x >= 0f && x <= 1f)) {
            return new LossInputException("binary_cross_entropy: input " + x + " at " + where + " is not a"
                    + " probability in [0, 1]; apply sigmoid first, or use binary_cross_entropy_with_logits");
        }
        return new LossInputException("binary_cross_entropy: target " + y + " at " + where + " is outside [0, 1]");
    }
}
