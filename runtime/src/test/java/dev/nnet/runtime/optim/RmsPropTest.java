package dev.nnet.runtime.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RmsPropTest {
    @Test
    void firstStepDividesByTheRootOfTheFirstSquareAverage() {
        float[] p = {1f};
        float[] square = new float[1];
        RmsProp.step(p, new float[] {0.5f}, square, null, null, 1, 0.01, 0.99, 1e-8, 0, 0, false);
        assertEquals(0.0025f, square[0], 1e-9f); // 0.01·0.5²
        assertEquals(1f - 0.01f * 0.5f / 0.05f, p[0], 1e-6f);
    }

    @Test
    void centeredSubtractsTheSquaredMeanGradient() {
        float[] p = {1f};
        float[] square = new float[1];
        float[] gradAvg = new float[1];
        RmsProp.step(p, new float[] {0.5f}, square, null, gradAvg, 1, 0.01, 0.99, 1e-8, 0, 0, true);
        assertEquals(0.005f, gradAvg[0], 1e-9f);
        double avg = Math.sqrt(0.0025 - 0.005 * 0.005);
        assertEquals(1 - 0.01 * 0.5 / avg, p[0], 1e-6);
    }

    @Test
    void momentumStartsFromAZeroBuffer() {
        float[] p = {1f};
        float[] buf = new float[1];
        RmsProp.step(p, new float[] {0.5f}, new float[1], buf, null, 1, 0.01, 0.99, 1e-8, 0, 0.9, false);
        assertEquals(10f, buf[0], 1e-5f); // 0.9·0 + 0.5/0.05
        assertEquals(0.9f, p[0], 1e-6f);
    }

    @Test
    void agreesWithADoublePrecisionReferenceOverSeveralSteps() {
        // {lr, alpha, eps, weight decay, momentum, centered}
        double[][] configs = {{0.01, 0.99, 1e-8, 0, 0, 0}, {0.01, 0.9, 1e-6, 0.01, 0.9, 0},
            {0.005, 0.99, 1e-8, 0, 0, 1}, {0.005, 0.9, 1e-6, 0.01, 0.5, 1}};
        Random random = new Random(13);
        for (double[] c : configs) {
            int len = 25;
            boolean centered = c[5] == 1;
            boolean momentum = c[4] > 0;
            float[] p = new float[len];
            double[] ref = new double[len];
            for (int i = 0; i < len; i++) {
                p[i] = (float) random.nextGaussian();
                ref[i] = p[i];
            }
            float[] square = new float[len];
            float[] buf = momentum ? new float[len] : null;
            float[] gradAvg = centered ? new float[len] : null;
            double[][] refState = new double[3][len];
            for (int step = 1; step <= 10; step++) {
                float[] g = new float[len];
                for (int i = 0; i < len; i++) {
                    g[i] = (float) (random.nextGaussian() + 0.5);
                }
                RmsProp.step(p, g, square, buf, gradAvg, len, c[0], c[1], c[2], c[3], c[4], centered);
                reference(ref, g, refState, c);
            }
            for (int i = 0; i < len; i++) {
                assertEquals(ref[i], p[i], 1e-6 + 1e-5 * Math.abs(ref[i]), "config " + Arrays.toString(c));
            }
        }
    }

    /** torch.optim.RMSprop's documented algorithm, in double; state is {square_avg, momentum_buffer, grad_avg}. */
    private static void reference(double[] p, float[] g, double[][] state, double[] c) {
        double alpha = c[1];
        for (int i = 0; i < p.length; i++) {
            double gi = g[i] + c[3] * p[i];
            state[0][i] = alpha * state[0][i] + (1 - alpha) * gi * gi;
            double avg = state[0][i];
            if (c[5] == 1) {
                state[2][i] = alpha * state[2][i] + (1 - alpha) * gi;
                avg -= state[2][i] * state[2][i];
            }
            avg = Math.sqrt(avg) + c[2];
            if (c[4] > 0) {
                state[1][i] = c[4] * state[1][i] + gi / avg;
                p[i] -= c[0] * state[1][i];
            } else {
                p[i] -= c[0] * gi / avg;
            }
        }
    }

    @Test
    void misuseIsReportedClearly() {
        float[] a = new float[2];
        IllegalArgumentException centered = assertThrows(IllegalArgumentException.class,
                () -> RmsProp.step(a, a.clone(), a.clone(), null, null, 2, 0.01, 0.99, 1e-8, 0, 0, true));
        assertTrue(centered.getMessage().contains("grad_avg"), centered.getMessage());
        IllegalArgumentException momentum = assertThrows(IllegalArgumentException.class,
                () -> RmsProp.step(a, a.clone(), a.clone(), null, null, 2, 0.01, 0.99, 1e-8, 0, 0.9, false));
        assertTrue(momentum.getMessage().contains("momentum_buffer"), momentum.getMessage());
    }
}
