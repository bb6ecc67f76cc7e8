package dev.nnet.runtime.optim;

import dev.nnet.kernels.Parallel;

/**
 * {@code torch.optim.Adam}, one parameter tensor per call, mirroring {@code _single_tensor_adam} of PyTorch 1.13
 * operation by operation: the moments are float32 tensors, the bias corrections are Python (double) scalars.
 *
 * <p>PyTorch 2.x updates the first moment with {@code lerp_} instead of {@code mul_().add_()}; the two differ by
 * float32 rounding only.
 *
 * <p>A large tensor's update is split into contiguous ranges over the kernel threads ({@link Ranges}); each element
 * is computed exactly as serially, so the result is the same bits.
 */
public final class Adam {
    private static final Split SPLIT = new Split();

    private Adam() {
    }

    /**
     * One update of {@code p[0, len)}:
     * <pre>
     * g' = g + wd·p
     * m  = β1·m + (1-β1)·g'          v = β2·v + (1-β2)·g'·g'
     * v̂  = amsgrad ? (vmax = max(vmax, v)) : v
     * p += -(lr / (1-β1^step)) · m / (sqrt(v̂) / sqrt(1-β2^step) + eps)
     * </pre>
     *
     * @param maxExpAvgSq {@link OptimizerState#MAX_EXP_AVG_SQ}; null unless {@code amsgrad}
     * @param step        the number of this step, counted from 1
     */
    public static void step(float[] p, float[] g, float[] expAvg, float[] expAvgSq, float[] maxExpAvgSq, int len,
                            double lr, double beta1, double beta2, double eps, double weightDecay, boolean amsgrad,
                            long step) {
        Buffers.requireLength("Adam", len);
        Buffers.require("Adam", "parameter", p, len);
        Buffers.require("Adam", "gradient", g, len);
        Buffers.require("Adam", OptimizerState.EXP_AVG, expAvg, len);
        Buffers.require("Adam", OptimizerState.EXP_AVG_SQ, expAvgSq, len);
        if (amsgrad) {
            Buffers.require("Adam", OptimizerState.MAX_EXP_AVG_SQ, maxExpAvgSq, len);
        }
        if (step < 1) {
            throw new IllegalArgumentException("Adam: steps are counted from 1, got step " + step);
        }
        if (Ranges.split(len)) {
            synchronized (SPLIT) {
                SPLIT.set(p, g, expAvg, expAvgSq, maxExpAvgSq, len, lr, beta1, beta2, eps, weightDecay, amsgrad, step);
                try {
                    Parallel.run(SPLIT);
                } finally {
                    SPLIT.set(null, null, null, null, null, 0, 0, 0, 0, 0, 0, false, 1);
                }
            }
            return;
        }
        update(p, g, expAvg, expAvgSq, maxExpAvgSq, 0, len, lr, beta1, beta2, eps, weightDecay, amsgrad, step);
    }

    /** The update of elements [from, to), with arguments already checked. */
    static void update(float[] p, float[] g, float[] expAvg, float[] expAvgSq, float[] maxExpAvgSq, int from, int to,
                       double lr, double beta1, double beta2, double eps, double weightDecay, boolean amsgrad,
                       long step) {
        boolean decay = weightDecay != 0;
        float wd = (float) weightDecay;
        float b1 = (float) beta1;
        float b2 = (float) beta2;
        float oneMinusB1 = (float) (1 - beta1);
        float oneMinusB2 = (float) (1 - beta2);
        double biasCorrection1 = 1 - Math.pow(beta1, step);
        double biasCorrection2 = 1 - Math.pow(beta2, step);
        float negStepSize = (float) -(lr / biasCorrection1);
        float biasCorrection2Sqrt = (float) Math.sqrt(biasCorrection2);
        float epsF = (float) eps;
        for (int i = from; i < to; i++) {
            float gi = g[i];
            if (decay) {
                gi = gi + wd * p[i];
            }
            float m = expAvg[i] * b1 + oneMinusB1 * gi;
            float v = expAvgSq[i] * b2 + oneMinusB2 * gi * gi;
            expAvg[i] = m;
            expAvgSq[i] = v;
            if (amsgrad) {
                v = Math.max(maxExpAvgSq[i], v);
                maxExpAvgSq[i] = v;
            }
            float denom = (float) Math.sqrt(v) / biasCorrection2Sqrt + epsF;
            p[i] = p[i] + negStepSize * m / denom;
        }
    }

    /** One update's arguments, held for the kernel threads (one reusable instance: nothing allocated per step). */
    private static final class Split implements Parallel.Task {
        private float[] p;
        private float[] g;
        private float[] expAvg;
        private float[] expAvgSq;
        private float[] maxExpAvgSq;
        private int len;
        private double lr;
        private double beta1;
        private double beta2;
        private double eps;
        private double weightDecay;
        private boolean amsgrad;
        private long step;

        void set(float[] p, float[] g, float[] expAvg, float[] expAvgSq, float[] maxExpAvgSq, int len, double lr,
                 double beta1, double beta2, double eps, double weightDecay, boolean amsgrad, long step) {
            this.p = p;
            this.g = g;
            this.expAvg = expAvg;
            this.expAvgSq = expAvgSq;
            this.maxExpAvgSq = maxExpAvgSq;
            this.len = len;
            this.lr = lr;
            this.beta1 = beta1;
            this.beta2 = beta2;
            this.eps = eps;
            this.weightDecay = weightDecay;
            this.amsgrad = amsgrad;
            this.step = step;
        }

        @Override
        public void run(int worker, int workers) {
            update(p, g, expAvg, expAvgSq, maxExpAvgSq, Ranges.start(len, worker, workers),
                    Ranges.start(len, worker + 1, workers), lr, beta1, beta2, eps, weightDecay, amsgrad, step);
        }
    }
}
