package dev.nnet.runtime.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AdamTest {
    @Test
    void firstStepMovesEachParameterByTheLearningRate() {
        // bias correction makes m̂ = g and v̂ = g², so the step is lr·g/(|g| + eps)
        float[] p = {1f, 1f};
        float[] m = new float[2];
        float[] v = new float[2];
        Adam.step(p, new float[] {0.5f, -3e-3f}, m, v, null, 2, 0.1, 0.9, 0.999, 1e-8, 0, false, 1);
        assertEquals(0.9f, p[0], 1e-6f);
        assertEquals(1.1f, p[1], 1e-6f);
        assertEquals(0.05f, m[0], 1e-8f);
        assertEquals(0.00025f, v[0], 1e-9f);
    }

    @Test
    void epsDominatesTinyGradients() {
        float[] p = {0f};
        Adam.step(p, new float[] {1e-8f}, new float[1], new float[1], null, 1, 1.0, 0.9, 0.999, 1e-8, 0, false, 1);
        assertEquals(-0.5f, p[0], 1e-6f); // 1e-8 / (1e-8 + 1e-8)
    }

    @Test
    void agreesWithADoublePrecisionReferenceOverSeveralSteps() {
        // {lr, beta1, beta2, eps, weight decay, amsgrad}
        double[][] configs = {{1e-3, 0.9, 0.999, 1e-8, 0, 0}, {0.05, 0.8, 0.99, 1e-8, 0.01, 0},
            {0.01, 0.9, 0.999, 1e-6, 0, 1}, {0.1, 0.5, 0.9, 1e-3, 0.1, 1}};
        Random random = new Random(11);
        for (double[] c : configs) {
            int len = 21;
            boolean amsgrad = c[5] == 1;
            float[] p = new float[len];
            double[] ref = new double[len];
            for (int i = 0; i < len; i++) {
                p[i] = (float) random.nextGaussian();
                ref[i] = p[i];
            }
            float[] m = new float[len];
            float[] v = new float[len];
            float[] vMax = amsgrad ? new float[len] : null;
            double[] refM = new double[len];
            double[] refV = new double[len];
            double[] refMax = new double[len];
            for (int step = 1; step <= 10; step++) {
                float[] g = new float[len];
                for (int i = 0; i < len; i++) {
                    // shrinking gradients, so amsgrad's maximum differs from the current second moment
                    g[i] = (float) (random.nextGaussian() * Math.pow(0.5, step) * (i % 3 == 0 ? 1e-4 : 1));
                }
                Adam.step(p, g, m, v, vMax, len, c[0], c[1], c[2], c[3], c[4], amsgrad, step);
                reference(ref, g, refM, refV, refMax, c, step);
            }
            for (int i = 0; i < len; i++) {
                assertEquals(ref[i], p[i], 1e-6 + 1e-5 * Math.abs(ref[i]), "config " + Arrays.toString(c));
                if (amsgrad) {
                    assertEquals(refMax[i], vMax[i], 1e-5 * refMax[i]);
                    assertTrue(vMax[i] >= v[i]);
                }
            }
        }
    }

    /** torch.optim.Adam's documented algorithm, in double. */
    private static void reference(double[] p, float[] g, double[] m, double[] v, double[] vMax, double[] c, long t) {
        double lr = c[0];
        double b1 = c[1];
        double b2 = c[2];
        for (int i = 0; i < p.length; i++) {
            double gi = g[i] + c[4] * p[i];
            m[i] = b1 * m[i] + (1 - b1) * gi;
            v[i] = b2 * v[i] + (1 - b2) * gi * gi;
            vMax[i] = Math.max(vMax[i], v[i]);
            double mHat = m[i] / (1 - Math.pow(b1, t));
            double vHat = (c[5] == 1 ? vMax[i] : v[i]) / (1 - Math.pow(b2, t));
            p[i] -= lr * mHat / (Math.sqrt(vHat) + c[3]);
        }
    }

    @Test
    void misuseIsReportedClearly() {
        float[] a = new float[2];
        IllegalArgumentException step = assertThrows(IllegalArgumentException.class,
                () -> Adam.step(a, a.clone(), a.clone(), a.clone(), null, 2, 0.1, 0.9, 0.999, 1e-8, 0, false, 0));
        assertTrue(step.getMessage().contains("counted from 1"), step.getMessage());
        IllegalArgumentException max = assertThrows(IllegalArgumentException.class,
                () -> Adam.step(a, a.clone(), a.clone(), a.clone(), null, 2, 0.1, 0.9, 0.999, 1e-8, 0, true, 1));
        assertTrue(max.getMessage().contains("max_exp_avg_sq"), max.getMessage());
    }
}
