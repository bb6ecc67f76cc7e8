package dev.nnet.runtime.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class MseTest {
    @Test
    void handComputed() {
        float[] pred = {1f, 2f, 3f};
        float[] target = {2f, 4f, 6f};
        float[] grad = new float[3];
        // the seed's linear regression: summed squared error of w=1 against y=2x
        assertEquals(14f, Mse.forward(3, 1, pred, 0, target, 0, grad, 0, 1f, true));
        assertArrayEquals(new float[] {-2f, -4f, -6f}, grad);
        assertEquals(14f / 3, Mse.forward(1, 3, pred, 0, target, 0, grad, 0, 0.5f, false), 1e-6f);
        assertArrayEquals(new float[] {-1f / 3, -2f / 3, -1f}, grad, 1e-7f);
    }

    @Test
    void meanIsOverAllElementsNotRows() {
        float[] pred = {1f, 1f, 1f, 1f};
        assertEquals(1f, Mse.forward(2, 2, pred, 0, new float[4], 0, null, 0, 1f, false));
    }

    @Test
    void agreesWithTheDoubleFormulaOnAThousandElementsAndWithFiniteDifferences() {
        Random random = new Random(6);
        int n = 100;
        int width = 10;
        float[] pred = Reference.gaussian(random, n * width, 2);
        float[] target = Reference.gaussian(random, n * width, 2);
        for (boolean sum : new boolean[] {false, true}) {
            float[] grad = new float[n * width + 5];
            float loss = Mse.forward(n, width, pred, 0, target, 0, grad, 5, 0.5f, sum);
            Reference.assertClose(Reference.mse(Reference.widen(pred), target, sum), loss, 1e-6, "sum=" + sum);
            double[] numeric = Reference.numericGradient(x -> Reference.mse(x, target, sum), Reference.widen(pred));
            Reference.assertGradient(numeric, 0.5, grad, 5, "sum=" + sum);
        }
    }
}
