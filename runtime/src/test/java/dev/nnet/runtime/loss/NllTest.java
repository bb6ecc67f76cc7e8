package dev.nnet.runtime.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

class NllTest {
    @Test
    void pickTheNegatedTargetLogProbability() {
        float[] logProbs = {-0.1f, -2.5f, -3f, /* */ -1f, -0.5f, -4f};
        int[] target = {1, 2};
        float[] grad = new float[6];
        grad[0] = 42f; // overwritten, not accumulated
        assertEquals(3.25f, Nll.forward(2, 3, logProbs, 0, target, grad, 0, 0.5f, false), 1e-6f);
        assertArrayEquals(new float[] {0f, -0.25f, 0f, 0f, 0f, -0.25f}, grad);
        assertEquals(6.5f, Nll.forward(2, 3, logProbs, 0, target, grad, 0, 1f, true), 1e-6f);
        assertArrayEquals(new float[] {0f, -1f, 0f, 0f, 0f, -1f}, grad);
    }

    @Test
    void agreesWithTheDoubleFormulaAndItsFiniteDifferences() {
        Random random = new Random(5);
        int n = 64;
        int classes = 10;
        float[] logProbs = Reference.uniform(random, n * classes, -20, 0);
        int[] target = CrossEntropyTest.targets(random, n, classes);
        for (boolean sum : new boolean[] {false, true}) {
            float[] grad = new float[n * classes];
            float loss = Nll.forward(n, classes, logProbs, 0, target, grad, 0, 1f, sum);
            Reference.assertClose(Reference.nll(Reference.widen(logProbs), target, classes, sum), loss, 1e-6, "loss");
            double[] numeric = Reference.numericGradient(x -> Reference.nll(x, target, classes, sum),
                    Reference.widen(logProbs));
            Reference.assertGradient(numeric, 1, grad, 0, "sum=" + sum);
        }
    }

    @Test
    void aNegativeTargetIsAClearError() {
        assertThrows(LossInputException.class,
                () -> Nll.forward(1, 3, new float[3], 0, new int[] {-100}, null, 0, 1f, false));
    }
}
