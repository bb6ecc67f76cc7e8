package dev.nnet.runtime.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class BceWithLogitsTest {
    @Test
    void extremeLogitsStayFinite() {
        float[] logits = {100f, -100f, 100f, -100f, 0f};
        float[] target = {0f, 1f, 1f, 0f, 1f};
        float[] grad = new float[5];
        float loss = BceWithLogits.forward(1, 5, logits, 0, target, 0, grad, 0, 1f, true);
        assertEquals(200f + (float) Math.log(2), loss, 1e-4f);
        assertArrayEquals(new float[] {1f, -1f, 0f, 0f, -0.5f}, grad, 1e-7f);
    }

    @Test
    void agreesWithTheDoubleFormulaOnAThousandElementsAndWithFiniteDifferences() {
        Random random = new Random(8);
        int n = 100;
        int width = 10;
        float[] logits = Reference.gaussian(random, n * width, 4);
        float[] target = Reference.uniform(random, n * width, 0, 1);
        for (boolean sum : new boolean[] {false, true}) {
            float[] grad = new float[n * width];
            float loss = BceWithLogits.forward(n, width, logits, 0, target, 0, grad, 0, 0.5f, sum);
            Reference.assertClose(Reference.bceWithLogits(Reference.widen(logits), target, sum), loss, 1e-6,
                    "sum=" + sum);
            double[] numeric = Reference.numericGradient(x -> Reference.bceWithLogits(x, target, sum),
                    Reference.widen(logits));
            Reference.assertGradient(numeric, 0.5, grad, 0, "sum=" + sum);
        }
    }
}
