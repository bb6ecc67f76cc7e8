package dev.nnet.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A Recurrent object is reused every training step with other lengths: only the rows a batch does not take are
 * cleared (not every row), so a call after a longer batch must give exactly what a fresh object gives, and what
 * lies past a sample's length must change nothing. Checked for every cell and both directions, on a batch padded
 * past its longest sequence.
 */
class RecurrentReuseTest {
    private static final int N = 3;
    private static final int T = 6;
    private static final int I = 4;
    private static final int H = 5;

    @Test
    void aReusedLayerMatchesAFreshOne() {
        for (Recurrent.Cell cell : Recurrent.Cell.values()) {
            for (boolean reverse : new boolean[] {false, true}) {
                Random r = new Random(cell.ordinal() * 2L + (reverse ? 1 : 0));
                int g = cell.gates * H;
                float[][] w = {random(r, g * I), random(r, g * H), random(r, g), random(r, g)};
                float[] longX = random(r, T * N * I);
                float[] x = random(r, T * N * I);
                float[] dOut = random(r, T * N * H);
                float[] dhN = random(r, N * H);
                Recurrent reused = new Recurrent(cell, N, T, I, H);
                run(reused, longX, new int[] {6, 6, 6}, w, reverse, dOut, dhN);
                float[][] again = run(reused, x, new int[] {2, 4, 1}, w, reverse, dOut, dhN);
                float[][] fresh = run(new Recurrent(cell, N, T, I, H), x, new int[] {2, 4, 1}, w, reverse, dOut, dhN);
                // What lies past a sample's length must not matter, and its dx there is zero.
                int[] lengths = {2, 4, 1};
                float[] otherPadding = x.clone();
                for (int t = 0; t < T; t++) {
                    for (int b = 0; b < N; b++) {
                        for (int i = 0; t >= lengths[b] && i < I; i++) {
                            otherPadding[(t * N + b) * I + i] = 3f * (float) r.nextGaussian();
                            assertEquals(0f, fresh[2][(t * N + b) * I + i], "dx past the length");
                        }
                    }
                }
                float[][] padded = run(new Recurrent(cell, N, T, I, H), otherPadding, lengths, w, reverse, dOut, dhN);
                for (int k = 0; k < fresh.length; k++) {
                    assertArrayEquals(fresh[k], again[k], cell + (reverse ? " reverse" : "") + ", result " + k);
                    assertArrayEquals(fresh[k], padded[k], cell + (reverse ? " reverse" : "") + ", padding, " + k);
                }
            }
        }
    }

    /** Forward then backward; returns out, h_n, dx, dh_0 and the four weight gradients. */
    private static float[][] run(Recurrent layer, float[] x, int[] lengths, float[][] w, boolean reverse,
                                 float[] dOut, float[] dhN) {
        int g = w[2].length;
        float[] out = new float[T * N * H];
        float[] hN = new float[N * H];
        float[] cN = new float[N * H];
        layer.forward(N, T, x, lengths, w[0], w[1], w[2], w[3], null, null, reverse, out, 0, H, hN, cN);
        float[] dx = new float[T * N * I];
        float[] dh0 = new float[N * H];
        float[][] dw = {new float[g * I], new float[g * H], new float[g], new float[g]};
        layer.backward(dOut, 0, H, dhN, null, x, w[0], w[1], dx, dh0, null, dw[0], dw[1], dw[2], dw[3]);
        return new float[][] {out, hN, dx, dh0, dw[0], dw[1], dw[2], dw[3]};
    }

    private static float[] random(Random r, int size) {
        float[] v = new float[size];
        for (int i = 0; i < size; i++) {
            v[i] = (float) r.nextGaussian() * 0.5f;
        }
        return v;
    }
}
