package dev.nnet.runtime.optim;

/**
 * {@code torch.optim.SGD}, one parameter tensor per call, mirroring PyTorch's single-tensor code path operation by
 * operation in float32.
 *
 * <p>Hyper-parameters are doubles, like PyTorch's Python floats, and are rounded to float32 exactly where PyTorch
 * rounds them (when a scalar meets a float tensor): {@code 1 - dampening} is computed in double first.
 */
public final class Sgd {
    private Sgd() {
    }

    /**
     * One update of {@code p[0, len)} from gradient {@code g}:
     * {@code d = g + wd·p}; with momentum, {@code buf = firstStep ? d : momentum·buf + (1 - dampening)·d} and
     * {@code d = nesterov ? d + momentum·buf : buf}; then {@code p -= lr·d}.
     *
     * @param momentumBuf {@link OptimizerState#MOMENTUM_BUFFER}; may be null when {@code momentum == 0}
     * @param firstStep   true on the first step, when PyTorch creates the buffer as a copy of {@code d}
     */
    public static void step(float[] p, float[] g, float[] momentumBuf, int len, double lr, double momentum,
                            double dampening, double weightDecay, boolean nesterov, boolean firstStep) {
        Buffers.requireLength("SGD", len);
        Buffers.require("SGD", "parameter", p, len);
        Buffers.require("SGD", "gradient", g, len);
        boolean useMomentum = momentum != 0;
        if (useMomentum) {
            Buffers.require("SGD", OptimizerState.MOMENTUM_BUFFER, momentumBuf, len);
        }
        if (nesterov && (momentum <= 0 || dampening != 0)) {
            throw new IllegalArgumentException("SGD: Nesterov momentum needs a positive momentum and zero dampening"
                    + " (momentum=" + momentum + ", dampening=" + dampening + ")");
        }
        boolean decay = weightDecay != 0;
        float wd = (float) weightDecay;
        float mom = (float) momentum;
        float keep = (float) (1 - dampening);
        float negLr = (float) -lr;
        for (int i = 0; i < len; i++) {
            float d = g[i];
            if (decay) {
                d = d + wd * p[i];
            }
            if (useMomentum) {
                float buf = firstStep ? d : momentumBuf[i] * mom + keep * d;
                momentumBuf[i] = buf;
                d = nesterov ? d + mom * buf : buf;
            }
            p[i] = p[i] + negLr * d;
        }
    }
}
