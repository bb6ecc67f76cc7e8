package dev.nnet.runtime.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

/** Straightforward double-precision formulas of the losses, and finite differences of them, to test against. */
final class Reference {
    private Reference() {
    }

    /** A loss of an input vector, in double. */
    interface Loss {
        double of(double[] x);
    }

    static double crossEntropy(double[] logits, int[] target, int classes, boolean sum) {
        int n = target.length;
        double total = 0;
        for (int r = 0; r < n; r++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < classes; j++) {
                max = Math.max(max, logits[r * classes + j]);
            }
            double expSum = 0;
            for (int j = 0; j < classes; j++) {
                expSum += Math.exp(logits[r * classes + j] - max);
            }
            total += max + Math.log(expSum) - logits[r * classes + target[r]];
        }
        return sum ? total : total / n;
    }

    static double nll(double[] logProbs, int[] target, int classes, boolean sum) {
        double total = 0;
        for (int r = 0; r < target.length; r++) {
            total -= logProbs[r * classes + target[r]];
        }
        return sum ? total : total / target.length;
    }

    static double mse(double[] pred, float[] target, boolean sum) {
        double total = 0;
        for (int i = 0; i < pred.length; i++) {
            double d = pred[i] - target[i];
            total += d * d;
        }
        return sum ? total : total / pred.length;
    }

    static double bce(double[] prob, float[] target, boolean sum) {
        double total = 0;
        for (int i = 0; i < prob.length; i++) {
            total -= target[i] * Math.max(Math.log(prob[i]), -100) + (1 - target[i]) * Math.max(Math.log(1 - prob[i]), -100);
        }
        return sum ? total : total / prob.length;
    }

    static double bceWithLogits(double[] logits, float[] target, boolean sum) {
        double total = 0;
        for (int i = 0; i < logits.length; i++) {
            double x = logits[i];
            total += Math.max(x, 0) - x * target[i] + Math.log1p(Math.exp(-Math.abs(x)));
        }
        return sum ? total : total / logits.length;
    }

    /** Central differences of {@code loss} at {@code x}. */
    static double[] numericGradient(Loss loss, double[] x) {
        double[] grad = new double[x.length];
        double[] probe = x.clone();
        for (int i = 0; i < x.length; i++) {
            double h = 1e-6 * Math.max(1, Math.abs(x[i]));
            probe[i] = x[i] + h;
            double up = loss.of(probe);
            probe[i] = x[i] - h;
            double down = loss.of(probe);
            probe[i] = x[i];
            grad[i] = (up - down) / (2 * h);
        }
        return grad;
    }

    static double[] widen(float[] x) {
        double[] wide = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            wide[i] = x[i];
        }
        return wide;
    }

    static float[] gaussian(Random random, int count, double scale) {
        float[] x = new float[count];
        for (int i = 0; i < count; i++) {
            x[i] = (float) (random.nextGaussian() * scale);
        }
        return x;
    }

    static float[] uniform(Random random, int count, double low, double high) {
        float[] x = new float[count];
        for (int i = 0; i < count; i++) {
            x[i] = (float) (low + random.nextDouble() * (high - low));
        }
        return x;
    }

    static void assertClose(double expected, double actual, double rel, String what) {
        assertEquals(expected, actual, 1e-7 + rel * Math.abs(expected), what);
    }

    /** {@code grad[off + i]} is {@code scale·expected[i]} within float tolerance, for every i. */
    static void assertGradient(double[] expected, double scale, float[] grad, int off, String what) {
        for (int i = 0; i < expected.length; i++) {
            double e = scale * expected[i];
            assertEquals(e, grad[off + i], 1e-7 + 2e-5 * Math.abs(e), what + " at " + i);
        }
    }
}
