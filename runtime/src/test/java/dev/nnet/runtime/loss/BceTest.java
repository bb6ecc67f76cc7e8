package dev.nnet.runtime.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class BceTest {
    @Test
    void saturatedProbabilitiesAreClampedAtMinus100() {
        float[] prob = {0f, 1f, 0f, 1f};
        float[] target = {1f, 0f, 0f, 1f};
        float[] grad = new float[4];
        assertEquals(200f, Bce.forward(1, 4, prob, 0, target, 0, grad, 0, 1f, true));
        assertArrayEquals(new float[] {-1e12f, 1e12f, 0f, 0f}, grad, 1e6f);
        assertEquals(50f, Bce.forward(1, 4, prob, 0, target, 0, null, 0, 1f, false));
    }

    @Test
    void agreesWithTheDoubleFormulaOnAThousandElementsAndWithFiniteDifferences() {
        Random random = new Random(7);
        int n = 100;
        int width = 10;
        float[] prob = Reference.uniform(random, n * width, 0.01, 0.99);
        float[] target = Reference.uniform(random, n * width, 0, 1);
        for (int i = 0; i < target.length; i += 2) {
            target[i] = Math.round(target[i]);
        }
        for (boolean sum : new boolean[] {false, true}) {
            float[] grad = new float[n * width];
            float loss = Bce.forward(n, width, prob, 0, target, 0, grad, 0, 2f, sum);
            Reference.assertClose(Reference.bce(Reference.widen(prob), target, sum), loss, 1e-6, "sum=" + sum);
            double[] numeric = Reference.numericGradient(x -> Reference.bce(x, target, sum), Reference.widen(prob));
            Reference.assertGradient(numeric, 2, grad, 0, "sum=" + sum);
        }
    }

    @Test
    void valuesOutsideZeroOneAreClearErrors() {
        LossInputException notProbability = assertThrows(LossInputException.class,
                () -> Bce.forward(2, 2, new float[] {0.5f, 0.5f, 0.5f, 1.5f}, 0, new float[4], 0, null, 0, 1f, false));
        assertTrue(notProbability.getMessage().contains("input 1.5 at row 1, column 1"), notProbability.getMessage());
        assertTrue(notProbability.getMessage().contains("sigmoid"), notProbability.getMessage());
        LossInputException nan = assertThrows(LossInputException.class,
                () -> Bce.forward(1, 1, new float[] {Float.NaN}, 0, new float[1], 0, null, 0, 1f, false));
        assertTrue(nan.getMessage().contains("NaN"), nan.getMessage());
        LossInputException target = assertThrows(LossInputException.class,
                () -> Bce.forward(1, 1, new float[] {0.5f}, 0, new float[] {2f}, 0, null, 0, 1f, false));
        assertTrue(target.getMessage().contains("target 2.0"), target.getMessage());
    }
}
