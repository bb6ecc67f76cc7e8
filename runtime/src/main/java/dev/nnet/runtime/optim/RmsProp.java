package dev.nnet.runtime.optim;

import dev.nnet.kernels.Parallel;

/**
 * {@code torch.optim.RMSprop}, one parameter tensor per call, mirroring PyTorch's single-tensor code path operation
 * by operation in float32. All buffers start at zero (PyTorch has no first-step special case here).
 *
 * <p>A large tensor's update is split into contiguous ranges over the kernel threads ({@link Ranges}); each element
 * is computed exactly as serially, so the result is the same bits.
 */
public final class RmsProp {
    private static final Split SPLIT = new Split();

    private RmsProp() {
    }

    /**
     * One update of {@code p[0, len)}:
     * <pre>
     * g' = g + wd·p
     * s  = α·s + (1-α)·g'·g'
     * avg = centered ? sqrt(s - ga·ga) with ga = α·ga + (1-α)·g' : sqrt(s);   avg += eps
     * momentum > 0 ? (buf = momentum·buf + g'/avg; p -= lr·buf) : p -= lr·g'/avg
     * </pre>
     *
     * @param squareAvg   {@link OptimizerState#SQUARE_AVG}
     * @param momentumBuf {@link OptimizerState#MOMENTUM_BUFFER}; null unless {@code momentum > 0}
     * @param gradAvg     {@link OptimizerState#GRAD_AVG}; null unless {@code centered}
     */
    public static void step(float[] p, float[] g, float[] squareAvg, float[] momentumBuf, float[] gradAvg, int len,
                            double lr, double alpha, double eps, double weightDecay, double momentum,
                            boolean centered) {
        Buffers.requireLength("RMSprop", len);
        Buffers.require("RMSprop", "parameter", p, len);
        Buffers.require("RMSprop", "gradient", g, len);
        Buffers.require("RMSprop", OptimizerState.SQUARE_AVG, squareAvg, len);
        boolean useMomentum = momentum > 0;
        if (useMomentum) {
            Buffers.require("RMSprop", OptimizerState.MOMENTUM_BUFFER, momentumBuf, len);
        }
        if (centered) {
            Buffers.require("RMSprop", OptimizerState.GRAD_AVG, gradAvg, len);
        }
        if (Ranges.split(len)) {
            synchronized (SPLIT) {
                SPLIT.set(p, g, squareAvg, momentumBuf, gradAvg, len, lr, alpha, eps, weightDecay, momentum, centered);
                try {
                    Parallel.run(SPLIT);
                } finally {
                    SPLIT.set(null, null, null, null, null, 0, 0, 0, 0, 0, 0, false);
                }
            }
            return;
        }
        update(p, g, squareAvg, momentumBuf, gradAvg, 0, len, lr, alpha, eps, weightDecay, momentum, centered);
    }

    /** The update of elements [from, to), with arguments already checked. */
    static void update(float[] p, float[] g, float[] squareAvg, float[] momentumBuf, float[] gradAvg, int from,
                       int to, double lr, double alpha, double eps, double weightDecay, double momentum,
                       boolean centered) {
        boolean useMomentum = momentum > 0;
        boolean decay = weightDecay != 0;
        float wd = (float) weightDecay;
        float a = (float) alpha;
        float oneMinusA = (float) (1 - alpha);
        float epsF = (float) eps;
        float mom = (float) momentum;
        float negLr = (float) -lr;
        for (int i = from; i < to; i++) {
            float gi = g[i];
            if (decay) {
                gi = gi + wd * p[i];
            }
            float s = squareAvg[i] * a + oneMinusA * gi * gi;
            squareAvg[i] = s;
            float avg;
            if (centered) {
                float ga = gradAvg[i] * a + oneMinusA * gi;
                gradAvg[i] = ga;
                avg = (float) Math.sqrt(s + -1f * ga * ga);
            } else {
                avg = (float) Math.sqrt(s);
            }
            avg = avg + epsF;
            if (useMomentum) {
                float buf = momentumBuf[i] * mom + gi / avg;
                momentumBuf[i] = buf;
                p[i] = p[i] + negLr * buf;
            } else {
                p[i] = p[i] + negLr * gi / avg;
            }
        }
    }

    /** One update's arguments, held for the kernel threads (one reusable instance: nothing allocated per step). */
    private static final class Split implements Parallel.Task {
        private float[] p;
        private float[] g;
        private float[] squareAvg;
        private float[] momentumBuf;
        private float[] gradAvg;
        private int len;
        private double lr;
        private double alpha;
        private double eps;
        private double weightDecay;
        private double momentum;
        private boolean centered;

        void set(float[] p, float[] g, float[] squareAvg, float[] momentumBuf, float[] gradAvg, int len, double lr,
                 double alpha, double eps, double weightDecay, double momentum, boolean centered) {
            this.p = p;
            this.g = g;
            this.squareAvg = squareAvg;
            this.momentumBuf = momentumBuf;
            this.gradAvg = gradAvg;
            this.len = len;
            this.lr = lr;
            this.alpha = alpha;
            this.eps = eps;
            this.weightDecay = weightDecay;
            this.momentum = momentum;
            this.centered = centered;
        }

        @Override
        public void run(int worker, int workers) {
            update(p, g, squareAvg, momentumBuf, gradAvg, Ranges.start(len, worker, workers),
                    Ranges.start(len, worker + 1, workers), lr, alpha, eps, weightDecay, momentum, centered);
        }
    }
}
