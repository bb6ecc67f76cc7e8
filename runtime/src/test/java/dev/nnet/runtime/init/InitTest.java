package dev.nnet.runtime.init;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnet.runtime.Rng;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class InitTest {
    /** Large enough that the sample mean and variance are within a few percent of the distribution's. */
    private static final int SAMPLES = 200_000;

    @Test
    void fansOfLinearAndConvolutionWeights() {
        assertEquals(784, Init.fanIn(new int[] {128, 784}));
        assertEquals(128, Init.fanOut(new int[] {128, 784}));
        assertEquals(10 * 5 * 5, Init.fanIn(new int[] {20, 10, 5, 5}));
        assertEquals(20 * 5 * 5, Init.fanOut(new int[] {20, 10, 5, 5}));
        assertEquals(16 * 3, Init.fanIn(new int[] {8, 16, 3}));
        IllegalArgumentException vector = assertThrows(IllegalArgumentException.class, () -> Init.fanIn(new int[] {10}));
        assertTrue(vector.getMessage().contains("at least 2 dimensions, got shape [10]"), vector.getMessage());
    }

    @Test
    void defaultLinearWeightIsUniformWithinOneOverRootFanIn() {
        int[] shape = {SAMPLES / 500, 500};
        float[] w = new float[SAMPLES];
        Init.defaultWeight(w, shape, new Rng(1));
        assertUniform(w, 1 / Math.sqrt(500));
    }

    @Test
    void defaultConvolutionWeightUsesTheReceptiveField() {
        int[] shape = {SAMPLES / 250, 10, 5, 5};
        float[] w = new float[SAMPLES];
        Init.defaultWeight(w, shape, new Rng(2));
        assertUniform(w, 1 / Math.sqrt(250));
    }

    @Test
    void kaimingUniformGainFollowsTheNegativeSlope() {
        float[] w = new float[SAMPLES];
        Init.kaimingUniform(w, new int[] {SAMPLES / 100, 100}, 0, new Rng(3));
        assertUniform(w, Math.sqrt(2) * Math.sqrt(3.0 / 100)); // relu gain sqrt(2)
    }

    @Test
    void defaultBiasIsUniformWithinOneOverRootFanInAndZeroWithoutInputs() {
        float[] b = new float[SAMPLES];
        Init.defaultBias(b, 64, new Rng(4));
        assertUniform(b, 0.125);
        float[] none = {7f, 7f};
        Init.defaultBias(none, 0, new Rng(4));
        assertArrayEquals(new float[2], none);
    }

    @Test
    void xavierUniformBound() {
        float[] w = new float[SAMPLES];
        Init.xavierUniform(w, new int[] {SAMPLES / 400, 400}, 2.0, new Rng(5));
        assertUniform(w, 2.0 * Math.sqrt(6.0 / (400 + SAMPLES / 400)));
    }

    @Test
    void uniformWithExplicitBounds() {
        float[] w = new float[SAMPLES];
        Init.uniform(w, 2, 5, new Rng(6));
        double[] moments = moments(w);
        assertTrue(min(w) >= 2 && max(w) <= 5);
        assertEquals(3.5, moments[0], 0.01);
        assertEquals(9.0 / 12, moments[1], 0.01);
    }

    @Test
    void normalHasTheRequestedMeanAndStandardDeviation() {
        float[] w = new float[SAMPLES];
        Init.normal(w, 0.5, 0.01, new Rng(7));
        double[] moments = moments(w);
        assertEquals(0.5, moments[0], 0.0002);
        assertEquals(0.01, Math.sqrt(moments[1]), 0.0002);
    }

    @Test
    void normalVariantsUseTheirStandardDeviations() {
        float[] w = new float[SAMPLES];
        Init.kaimingNormal(w, new int[] {SAMPLES / 200, 200}, 0, new Rng(8));
        assertEquals(Math.sqrt(2.0 / 200), Math.sqrt(moments(w)[1]), 0.002);
        Init.xavierNormal(w, new int[] {SAMPLES / 200, 200}, 1, new Rng(9));
        assertEquals(Math.sqrt(2.0 / (200 + SAMPLES / 200)), Math.sqrt(moments(w)[1]), 0.002);
        Init.embeddingDefault(w, new Rng(10));
        assertEquals(1, Math.sqrt(moments(w)[1]), 0.01);
    }

    @Test
    void recurrentDefaultIsUniformWithinOneOverRootHiddenSize() {
        float[] w = new float[SAMPLES];
        Init.recurrentDefault(w, 100, new Rng(11));
        assertUniform(w, 0.1);
    }

    @Test
    void constants() {
        float[] w = new float[3];
        Init.ones(w);
        assertArrayEquals(new float[] {1f, 1f, 1f}, w);
        Init.constant(w, 0.35f);
        assertArrayEquals(new float[] {0.35f, 0.35f, 0.35f}, w);
        Init.zeros(w);
        assertArrayEquals(new float[3], w);
    }

    @Test
    void aSeedDeterminesEveryValueDrawnInRowMajorOrder() {
        int[] shape = {6, 7};
        float[] a = new float[42];
        float[] b = new float[42];
        Init.defaultWeight(a, shape, new Rng(42));
        Init.defaultWeight(b, shape, new Rng(42));
        assertArrayEquals(a, b);
        Init.defaultWeight(b, shape, new Rng(43));
        assertFalse(Arrays.equals(a, b));
        // one draw per value, in order: the first six values of a longer draw are a shorter draw
        float[] prefix = new float[6];
        Init.uniform(prefix, -1 / Math.sqrt(7), 1 / Math.sqrt(7), new Rng(42));
        assertArrayEquals(prefix, Arrays.copyOf(a, 6));
    }

    @Test
    void aWeightOfTheWrongSizeIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Init.defaultWeight(new float[5], new int[] {2, 3}, new Rng(1)));
        assertTrue(e.getMessage().contains("5 values to initialize for shape [2, 3]"), e.getMessage());
    }

    /** Within ±bound, reaching close to it, with the mean 0 and variance bound²/3 of U(-bound, bound). */
    private static void assertUniform(float[] w, double bound) {
        double[] moments = moments(w);
        assertTrue(max(w) <= bound && min(w) >= -bound, "values within ±" + bound);
        assertTrue(max(w) > 0.999 * bound && min(w) < -0.999 * bound, "values reach ±" + bound);
        assertEquals(0, moments[0], 0.01 * bound);
        assertEquals(bound * bound / 3, moments[1], 0.02 * bound * bound / 3);
    }

    private static double[] moments(float[] w) {
        double sum = 0;
        for (float v : w) {
            sum += v;
        }
        double mean = sum / w.length;
        double squares = 0;
        for (float v : w) {
            squares += (v - mean) * (v - mean);
        }
        return new double[] {mean, squares / w.length};
    }

    private static float max(float[] w) {
        float max = Float.NEGATIVE_INFINITY;
        for (float v : w) {
            max = Math.max(max, v);
        }
        return max;
    }

    private static float min(float[] w) {
        float min = Float.POSITIVE_INFINITY;
        for (float v : w) {
            min = Math.min(min, v);
        }
        return min;
    }
}
