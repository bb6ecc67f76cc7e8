package dev.nnet.runtime.optim;

import dev.nnet.kernels.Parallel;

/**
 * {@code torch.optim.SGD}, one parameter tensor per call, mirroring PyTorch's single-tensor code path operation by
 * operation in float32.
 *
 * <p>Hyper-parameters are doubles, like PyTorch's Python floats, and are rounded to float32 exactly where PyTorch
 * rounds them (when a scalar meets a float tensor): {@code 1 - dampening} is computed in double first.
 *
 * <p>A large tensor's update is split into contiguous ranges over the kernel threads ({@link Ranges}); each element
 * is computed exactly as serially, so the result is the same bits.
 */
public final class Sgd {
    private static final Split SPLIT = new Split();

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
        if (Ranges.split(len)) {
            synchronized (SPLIT) {
                SPLIT.set(p, g, momentumBuf, len, lr, momentum, dampening, weightDecay, nesterov, firstStep);
                try {
                    Parallel.run(SPLIT);
                } finally {
                    SPLIT.set(null, null, null, 0, 0, 0, 0, 0, false, false);
                }
            }
            return;
        }
        update(p, g, momentumBuf, 0, len, lr, momentum, dampening, weightDecay, nesterov, firstStep);
    }

    /** The update of elements [from, to), with arguments already checked. */
    static void update(float[] p, float[] g, float[] momentumBuf, int from, int to, double lr, double momentum,
                       double dampening, double weightDecay, boolean nesterov, boolean firstStep) {
        boolean useMomentum = momentum != 0;
        boolean decay = weightDecay != 0;
        float wd = (float) weightDecay;
        float mom = (float) momentum;
        float keep = (float) (1 - dampening);
        float negLr = (float) -lr;
        for (int i = from; i < to; i++) {
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

    /** One update's arguments, held for the kernel threads (one reusable instance: nothing allocated per step). */
    private static final class Split implements Parallel.Task {
        private float[] p;
        private float[] g;
        private float[] momentumBuf;
        private int len;
        private double lr;
        private double momentum;
        private double dampening;
        private double weightDecay;
        private boolean nesterov;
        private boolean firstStep;

        void set(float[] p, float[] g, float[] momentumBuf, int len, double lr, double momentum, double dampening,
                 double weightDecay, boolean nesterov, boolean firstStep) {
            this.p = p;
            this.g = g;
            this.momentumBuf = momentumBuf;
            this.len = len;
            this.lr = lr;
            this.momentum = momentum;
            this.dampening = dampening;
            this.weightDecay = weightDecay;
            this.nesterov = nesterov;
            this.firstStep = firstStep;
        }

        @Override
        public void run(int worker, int workers) {
            update(p, g, momentumBuf, Ranges.start(len, worker, workers), Ranges.start(len, worker + 1, workers), lr,
                    momentum, dampening, weightDecay, nesterov, firstStep);
        }
    }
}
