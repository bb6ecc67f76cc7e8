package dev.nnet.codegen.java;

/** Gradients of losses with respect to a model's output, from their textbook formulas, in double precision. */
final class Losses {
    private Losses() {
    }

    /** Mean cross-entropy over {@code n} rows of logits: (softmax(row) − one-hot(target)) / n. */
    static float[] crossEntropyGradient(float[] logits, int n, int[] target) {
        int classes = logits.length / n;
        float[] d = new float[logits.length];
        for (int i = 0; i < n; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                max = Math.max(max, logits[i * classes + c]);
            }
            double sum = 0;
            for (int c = 0; c < classes; c++) {
                sum += Math.exp(logits[i * classes + c] - max);
            }
            for (int c = 0; c < classes; c++) {
                double p = Math.exp(logits[i * classes + c] - max) / sum;
                d[i * classes + c] = (float) ((p - (c == target[i] ? 1 : 0)) / n);
            }
        }
        return d;
    }

    /** Summed squared error, Σ (out − target)²: 2 (out − target). */
    static float[] sumSquaredErrorGradient(float[] out, float[] target) {
        float[] d = new float[out.length];
        for (int i = 0; i < out.length; i++) {
            d[i] = (float) (2.0 * ((double) out[i] - target[i]));
        }
        return d;
    }
}
