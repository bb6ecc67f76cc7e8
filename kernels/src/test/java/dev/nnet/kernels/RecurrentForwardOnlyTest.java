package dev.nnet.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A forward-only layer keeps its gates for one step and no states, yet computes exactly what a layer kept for
 * backward computes: the same outputs and final states, bit for bit, for every cell and both directions, with an
 * initial state and lengths, over a long batch and then a shorter one. Its backward is refused.
 */
class RecurrentForwardOnlyTest {
    private static final int N = 5;
    private static final int T = 7;
    private static final int I = 6;
    /** More than a vector's lanes in every gate run, odd so the runs end in a partial vector. */
    private static final int H = 19;

    @Test
    void aForwardOnlyLayerComputesWhatAFullLayerComputes() {
        for (Recurrent.Cell cell : Recurrent.Cell.values()) {
            for (boolean reverse : new boolean[] {false, true}) {
                Random r = new Random(31L * cell.ordinal() + (reverse ? 1 : 0));
                int g = cell.gates * H;
                float[][] w = {random(r, g * I), random(r, g * H), random(r, g), random(r, g)};
                float[] h0 = random(r, N * H);
                float[] c0 = random(r, N * H);
                Recurrent full = new Recurrent(cell, N, T, I, H);
                Recurrent forwardOnly = Recurrent.forwardOnly(cell, N, T, I, H);
                for (int[] lengths : new int[][] {{7, 7, 7, 7, 7}, {3, 7, 1, 5, 2}}) {
                    float[] x = random(r, T * N * I);
                    float[][] expected = run(full, x, lengths, w, h0, c0, reverse);
                    float[][] actual = run(forwardOnly, x, lengths, w, h0, c0, reverse);
                    for (int k = 0; k < expected.length; k++) {
                        assertArrayEquals(expected[k], actual[k], cell + (reverse ? " reverse" : "") + ", " + k);
                    }
                }
                float[] dx = new float[T * N * I];
                assertThrows(IllegalStateException.class, () -> forwardOnly.backward(new float[T * N * H], 0, H,
                        null, null, new float[T * N * I], w[0], w[1], dx, null, null, new float[g * I],
                        new float[g * H], new float[g], new float[g]));
            }
        }
    }

    /** Forward; returns out, h_n and c_n. */
    private static float[][] run(Recurrent layer, float[] x, int[] lengths, float[][] w, float[] h0, float[] c0,
                                 boolean reverse) {
        float[] out = new float[T * N * H];
        float[] hN = new float[N * H];
        float[] cN = new float[N * H];
        layer.forward(N, T, x, lengths, w[0], w[1], w[2], w[3], h0, c0, reverse, out, 0, H, hN, cN);
        return new float[][] {out, hN, cN};
    }

    private static float[] random(Random r, int size) {
        float[] v = new float[size];
        for (int i = 0; i < size; i++) {
            v[i] = (float) r.nextGaussian() * 0.5f;
        }
        return v;
    }
}
