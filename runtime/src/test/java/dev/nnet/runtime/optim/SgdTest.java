package dev.nnet.runtime.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SgdTest {
    @Test
    void plainStepIsLearningRateTimesGradient() {
        float[] p = {1f, -2f};
        Sgd.step(p, new float[] {0.5f, -4f}, null, 2, 0.1, 0, 0, 0, false, true);
        assertArrayEquals(new float[] {0.95f, -1.6f}, p, 1e-7f);
    }

    @Test
    void weightDecayAddsToTheGradient() {
        float[] p = {2f};
        Sgd.step(p, new float[] {0.5f}, null, 1, 1.0, 0, 0, 0.1, false, true);
        assertEquals(1.3f, p[0], 1e-6f); // 2 - (0.5 + 0.1·2)
    }

    @Test
    void momentumBufferStartsAsACopyOfTheFirstGradientThenAccumulates() {
        float[] p = {1f};
        float[] buf = {123f}; // stale contents must be ignored on the first step
        Sgd.step(p, new float[] {2f}, buf, 1, 0.1, 0.9, 0, 0, false, true);
        assertEquals(2f, buf[0]);
        assertEquals(0.8f, p[0], 1e-6f);
        Sgd.step(p, new float[] {1f}, buf, 1, 0.1, 0.9, 0, 0, false, false);
        assertEquals(2.8f, buf[0], 1e-6f); // 0.9·2 + 1
        assertEquals(0.52f, p[0], 1e-6f);
    }

    @Test
    void dampeningDoesNotApplyToTheFirstStep() {
        float[] p = {0f};
        float[] buf = new float[1];
        Sgd.step(p, new float[] {1f}, buf, 1, 1.0, 0.5, 0.25, 0, false, true);
        assertEquals(1f, buf[0]);
        Sgd.step(p, new float[] {1f}, buf, 1, 1.0, 0.5, 0.25, 0, false, false);
        assertEquals(1.25f, buf[0], 1e-7f); // 0.5·1 + 0.75·1
        assertEquals(-2.25f, p[0], 1e-6f);
    }

    @Test
    void nesterovLooksAheadAlongTheBuffer() {
        float[] p = {1f};
        float[] buf = new float[1];
        Sgd.step(p, new float[] {2f}, buf, 1, 0.1, 0.9, 0, 0, true, true);
        assertEquals(0.62f, p[0], 1e-6f); // d = 2 + 0.9·2
        Sgd.step(p, new float[] {1f}, buf, 1, 0.1, 0.9, 0, 0, true, false);
        assertEquals(2.8f, buf[0], 1e-6f);
        assertEquals(0.62f - 0.1f * (1f + 0.9f * 2.8f), p[0], 1e-6f);
    }

    @Test
    void agreesWithADoublePrecisionReferenceOverSeveralSteps() {
        double[][] configs = {{0.1, 0, 0, 0, 0}, {0.05, 0.9, 0, 0.01, 0}, {0.05, 0.5, 0.3, 0.001, 0},
            {0.02, 0.9, 0, 0.1, 1}};
        Random random = new Random(7);
        for (double[] c : configs) {
            int len = 33;
            float[] p = new float[len];
            double[] ref = new double[len];
            for (int i = 0; i < len; i++) {
                p[i] = (float) random.nextGaussian();
                ref[i] = p[i];
            }
            float[] buf = new float[len];
            double[] refBuf = new double[len];
            for (int step = 1; step <= 10; step++) {
                float[] g = new float[len];
                for (int i = 0; i < len; i++) {
                    g[i] = (float) random.nextGaussian();
                }
                boolean nesterov = c[4] == 1;
                Sgd.step(p, g, buf, len, c[0], c[1], c[2], c[3], nesterov, step == 1);
                reference(ref, g, refBuf, c[0], c[1], c[2], c[3], nesterov, step == 1);
            }
            for (int i = 0; i < len; i++) {
                assertEquals(ref[i], p[i], 1e-6 + 1e-5 * Math.abs(ref[i]), "config " + java.util.Arrays.toString(c));
            }
        }
    }

    /** torch.optim.SGD's documented algorithm, in double. */
    private static void reference(double[] p, float[] g, double[] buf, double lr, double momentum, double dampening,
                                  double wd, boolean nesterov, boolean first) {
        for (int i = 0; i < p.length; i++) {
            double d = g[i] + wd * p[i];
            if (momentum != 0) {
                buf[i] = first ? d : momentum * buf[i] + (1 - dampening) * d;
                d = nesterov ? d + momentum * buf[i] : buf[i];
            }
            p[i] -= lr * d;
        }
    }

    @Test
    void onlyTheFirstLenValuesChange() {
        float[] p = {1f, 1f, 1f};
        Sgd.step(p, new float[] {1f, 1f, 1f}, null, 2, 0.5, 0, 0, 0, false, true);
        assertArrayEquals(new float[] {0.5f, 0.5f, 1f}, p);
    }

    @Test
    void misuseIsReportedClearly() {
        float[] p = new float[4];
        float[] g = new float[4];
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> Sgd.step(p, g, null, 4, 0.1, 0.9, 0, 0, false, true));
        assertTrue(missing.getMessage().contains("momentum_buffer"), missing.getMessage());
        IllegalArgumentException nesterov = assertThrows(IllegalArgumentException.class,
                () -> Sgd.step(p, g, new float[4], 4, 0.1, 0.9, 0.1, 0, true, true));
        assertTrue(nesterov.getMessage().contains("Nesterov"), nesterov.getMessage());
        IllegalArgumentException shortGradient = assertThrows(IllegalArgumentException.class,
                () -> Sgd.step(p, new float[3], null, 4, 0.1, 0, 0, 0, false, true));
        assertTrue(shortGradient.getMessage().contains("gradient holds 3 values"), shortGradient.getMessage());
    }
}
