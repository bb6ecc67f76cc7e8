package dev.nnet.runtime.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CrossEntropyTest {
    private static final int N = 64;
    private static final int C = 10;

    @Test
    void meanAndSumAgreeWithTheDoubleFormulaOn64By10() {
        Random random = new Random(1);
        float[] logits = Reference.gaussian(random, N * C, 3);
        int[] target = targets(random, N, C);
        double[] wide = Reference.widen(logits);
        for (boolean sum : new boolean[] {false, true}) {
            float[] grad = new float[N * C];
            float loss = CrossEntropy.forward(N, C, logits, 0, target, grad, 0, 1f, sum);
            Reference.assertClose(Reference.crossEntropy(wide, target, C, sum), loss, 1e-6, "sum=" + sum);
            double[] expected = softmaxMinusOneHot(wide, target);
            Reference.assertGradient(expected, sum ? 1 : 1.0 / N, grad, 0, "sum=" + sum);
        }
    }

    @Test
    void gradientMatchesFiniteDifferencesOfTheDoubleFormula() {
        Random random = new Random(2);
        int n = 5;
        int classes = 4;
        float[] logits = Reference.gaussian(random, n * classes, 2);
        int[] target = targets(random, n, classes);
        for (boolean sum : new boolean[] {false, true}) {
            float[] grad = new float[n * classes];
            CrossEntropy.forward(n, classes, logits, 0, target, grad, 0, 1f, sum);
            double[] numeric = Reference.numericGradient(x -> Reference.crossEntropy(x, target, classes, sum),
                    Reference.widen(logits));
            Reference.assertGradient(numeric, 1, grad, 0, "sum=" + sum);
        }
    }

    @Test
    void gradScaleScalesTheGradientNotTheLoss() {
        Random random = new Random(3);
        float[] logits = Reference.gaussian(random, N * C, 1);
        int[] target = targets(random, N, C);
        float[] full = new float[N * C];
        float[] half = new float[N * C];
        float lossFull = CrossEntropy.forward(N, C, logits, 0, target, full, 0, 1f, false);
        float lossHalf = CrossEntropy.forward(N, C, logits, 0, target, half, 0, 0.5f, false);
        assertEquals(lossFull, lossHalf);
        for (int i = 0; i < full.length; i++) {
            assertEquals(full[i] * 0.5f, half[i], 1e-7f * Math.abs(full[i]) + 1e-12f);
        }
    }

    @Test
    void extremeLogitsStayFiniteAndExact() {
        float[] logits = {100f, -100f, /* */ -100f, 100f, /* */ 100f, 100f};
        int[] target = {0, 0, 1};
        float[] grad = new float[6];
        float loss = CrossEntropy.forward(3, 2, logits, 0, target, grad, 0, 1f, true);
        assertEquals(0f + 200f + (float) Math.log(2), loss, 1e-4f);
        assertArrayEquals(new float[] {0f, 0f, -1f, 1f, 0.5f, -0.5f}, grad, 1e-7f);
    }

    @Test
    void offsetsSelectTheRowsTargetsAndGradientSpan() {
        Random random = new Random(4);
        float[] logits = Reference.gaussian(random, 7 * 3, 1);
        int[] target = {9, 9, 2, 0, 1, 9};
        float[] before = logits.clone();
        float[] grad = new float[3 + 3 * 3];
        float loss = CrossEntropy.forward(3, 3, logits, 6, target, 2, grad, 3, 1f, false);
        float[] slice = Arrays.copyOfRange(logits, 6, 15);
        float[] sliceGrad = new float[9];
        float expected = CrossEntropy.forward(3, 3, slice, 0, new int[] {2, 0, 1}, sliceGrad, 0, 1f, false);
        assertEquals(expected, loss);
        assertArrayEquals(sliceGrad, Arrays.copyOfRange(grad, 3, 12));
        assertArrayEquals(new float[3], Arrays.copyOfRange(grad, 0, 3));
        assertEquals(expected, CrossEntropy.forward(3, 3, logits, 6, target, 2, null, 0, 1f, false));
        assertArrayEquals(before, logits, "the logits are read, never written");
    }

    @Test
    void aTargetOutsideTheClassesIsAClearError() {
        LossInputException e = assertThrows(LossInputException.class,
                () -> CrossEntropy.forward(2, 3, new float[6], 0, new int[] {1, 3}, null, 0, 1f, false));
        assertTrue(e.getMessage().contains("row 1 is class 3, outside [0, 3)"), e.getMessage());
    }

    @Test
    void theMeanOfNoRowsIsNaN() {
        assertTrue(Float.isNaN(CrossEntropy.forward(0, 3, new float[0], 0, new int[0], null, 0, 1f, false)));
    }

    static int[] targets(Random random, int n, int classes) {
        int[] target = new int[n];
        for (int i = 0; i < n; i++) {
            target[i] = random.nextInt(classes);
        }
        return target;
    }

    private static double[] softmaxMinusOneHot(double[] logits, int[] target) {
        double[] grad = new double[logits.length];
        for (int r = 0; r < target.length; r++) {
            double total = 0;
            for (int j = 0; j < C; j++) {
                total += Math.exp(logits[r * C + j]);
            }
            for (int j = 0; j < C; j++) {
                grad[r * C + j] = Math.exp(logits[r * C + j]) / total - (j == target[r] ? 1 : 0);
            }
        }
        return grad;
    }
}
