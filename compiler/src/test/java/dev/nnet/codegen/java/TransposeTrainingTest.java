package dev.nnet.codegen.java;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nnet.runtime.Rng;
import dev.nnet.runtime.Tensor;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Transposes compile: {@code transpose(1, 2)} of the input and of a layer's output, and {@code t()} of a matrix, run
 * as generated copies, and their gradients reach the layer before them. The loss is linear in {@code fc1}'s weights,
 * so central differences of {@code predict} give the exact gradient the generated {@code backward} must add up.
 */
class TransposeTrainingTest {
    private static final String PROGRAM = """
            model Swap {
              input x: [N, 4, 3]
              fc1 = linear(4, 3)
              fc2 = linear(3, 2)
              forward(x) {
                h = fc1(x.transpose(1, 2))
                return fc2(h.transpose(2, 1))[:, 1, :] + fc2(h[:, 0, :].t().t())
              }
            }
            train Swap {
              data train = tensors(x=[[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0], [1.0, 0.0, 1.0]]],
                                   target=[[1.0, 2.0]])
              loss mse
              optimizer sgd(lr=0.1)
              epochs 1
            }
            """;

    @TempDir
    Path work;

    @Test
    void transposesForwardAndBackward() {
        GeneratedModel m = GeneratedModel.load("swap.nnet", PROGRAM, work, 2);
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
