package dev.nnet.codegen.java;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nnet.runtime.Rng;
import dev.nnet.runtime.Tensor;

/**
 * Checks a generated model's {@code backward} for its first weight ({@code fc1.weight}) against central differences
 * of {@code predict}, for a program whose output is linear in that weight, so the differences are exact.
 */
final class FirstWeightGradients {
    private FirstWeightGradients() {
    }

    /** Random weights from a fixed seed, two samples of 12 inputs, and a fixed output gradient of 4 values. */
    static void assertMatchCentralDifferences(GeneratedModel m) {
        Rng rng = new Rng(3);
        for (Tensor t : m.parameters()) {
            for (int i = 0; i < t.data().length; i++) {
                t.data()[i] = rng.nextFloat() - 0.5f;
            }
        }
        int n = 2;
        float[] x = new float[n * 12];
        for (int i = 0; i < x.length; i++) {
            x[i] = (i % 7) * 0.25f - 0.5f;
        }
        m.zeroGrad();
        m.forward(n, x, rng);
        float[] dOut = {1f, -2f, 0.5f, 3f};
        m.backward(n, dOut);
        Tensor w1 = m.parameters().get(0);
        float[] grad = m.gradients().get(0).data().clone();
        assertEquals("fc1.weight", w1.name());
        for (int i = 0; i < w1.data().length; i++) {
            float keep = w1.data()[i];
            float h = 0.125f;
            w1.data()[i] = keep + h;
            double up = dot(m.predict(n, x), dOut);
            w1.data()[i] = keep - h;
            double down = dot(m.predict(n, x), dOut);
            w1.data()[i] = keep;
            double expected = (up - down) / (2 * h);
            assertEquals(expected, grad[i], 1e-4 * (1 + Math.abs(expected)), "d loss / d fc1.weight[" + i + "]");
        }
    }

    private static double dot(float[] y, float[] w) {
        double s = 0;
        for (int i = 0; i < w.length; i++) {
            s += (double) y[i] * w[i];
        }
        return s;
    }
}
