package dev.nnet.codegen.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnet.runtime.Rng;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dropout as PyTorch defines it: in training each value is zeroed with probability p and the survivors are scaled
 * by 1 / (1 - p); in evaluation it is the identity. Seen through the gradient of {@code fc(drop(x))} at x = 1,
 * which is exactly the dropout output.
 */
class DropoutTest {
    static final int WIDTH = 4000;
    static final String SOURCE = ("""
            model Drop {
              input x: [N, 4000]
              drop = dropout(p=0.3)
              fc = linear(4000, 1)
              forward(x) { return fc(drop(x)) }
            }
            train Drop {
              data train = tensors(x=[[ONES]], target=[[1.0]])
              batch full
              loss mse
              optimizer sgd(lr=0.1)
              epochs 1
            }
            """).replace("ONES", String.join(", ", java.util.Collections.nCopies(WIDTH, "1.0")));

    @TempDir
    static Path work;

    @Test
    void trainingDropsAboutPAndScalesSurvivorsEvaluationKeepsEverything() {
        GeneratedModel m = GeneratedModel.load("drop.nnet", SOURCE, work, 1);
        float[] x = new float[WIDTH];
        Arrays.fill(x, 1f);
        float[] w = m.parameters().get(0).data();
        float[] b = m.parameters().get(1).data();
        for (int i = 0; i < WIDTH; i++) {
            w[i] = (i % 7 - 3) * 0.01f;
        }
        b[0] = 0.5f;

        double expectedEval = b[0];
        for (float v : w) {
            expectedEval += v;
        }
        assertEquals(expectedEval, m.predict(1, x)[0], 1e-4, "evaluation mode is the identity");

        m.zeroGrad();
        m.forward(1, x, new Rng(11));
        m.backward(1, new float[] {1f});
        float[] mask = m.gradients().get(0).data().clone(); // d(out)/d(fc.weight) = drop(x)
        int dropped = 0;
        for (float v : mask) {
            if (v == 0f) {
                dropped++;
            } else {
                assertEquals(1f / 0.7f, v, 1e-6f, "survivors are scaled by 1 / (1 - p)");
            }
        }
        // Binomial(4000, 0.3): mean 1200, standard deviation 29; 5 deviations either way.
        assertTrue(Math.abs(dropped - 1200) < 145, dropped + " of " + WIDTH + " dropped");

        m.zeroGrad();
        m.forward(1, x, new Rng(12));
        m.backward(1, new float[] {1f});
        assertFalse(Arrays.equals(mask, m.gradients().get(0).data()), "another seed draws another mask");
        m.zeroGrad();
        m.forward(1, x, new Rng(11));
        m.backward(1, new float[] {1f});
        assertTrue(Arrays.equals(mask, m.gradients().get(0).data()), "the same seed draws the same mask");
    }
}
