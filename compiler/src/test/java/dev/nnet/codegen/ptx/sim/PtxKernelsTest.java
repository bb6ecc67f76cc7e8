package dev.nnet.codegen.ptx.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Hand-written kernels in the style the PTX backend emits, each assembled by ptxas and run in the simulator against
 * a Java reference that performs the same float operations in the same order, so results must agree bit for bit.
 */
class PtxKernelsTest {
    private static SimModule load(String resource) {
        String ptx = Ptxas.resource(resource);
        Ptxas.assertAssembles(resource, ptx);
        return PtxSim.load(ptx);
    }

    private static float[] random(int n, long seed) {
        Random random = new Random(seed);
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }

    @Test
    void vectorAddCoversARaggedLastBlock() {
        int n = 1000;
        float[] a = random(n, 1);
        float[] b = random(n, 2);
        SimBuffer c = SimBuffer.zeros(n + 24);
        load("vector_add.ptx").launch("vector_add", Dim3.of(8), Dim3.of(128), SimBuffer.of(a), SimBuffer.of(b), c, n);
        float[] expected = new float[n + 24];
        for (int i = 0; i < n; i++) {
            expected[i] = a[i] + b[i];
        }
        assertArrayEquals(expected, c.floats(), "elements past n stay zero");
    }

    @Test
    void saxpyIsPredicatedAndUsesAFusedMultiplyAdd() {
        int n = 777;
        float[] x = random(n, 3);
        float[] y = random(n, 4);
        SimBuffer yBuffer = SimBuffer.of(y);
        LaunchStats stats = load("saxpy.ptx").launch("saxpy", Dim3.of(4), Dim3.of(256), SimBuffer.of(x), yBuffer,
                2.5f, n);
        float[] expected = y.clone();
        for (int i = 0; i < n; i++) {
            expected[i] = Math.fma(2.5f, x[i], y[i]);
        }
        assertArrayEquals(expected, yBuffer.floats());
        assertEquals(4 * 256 * 19L, stats.threadInstructions(),
                "saxpy.ptx has 19 instructions, each stepped by every thread");
    }

    @Test
    void sharedMemoryTreeReductionHonoursBarriers() {
        int n = 1000;
        int block = 256;
        int blocks = (n + block - 1) / block;
        float[] in = random(n, 5);
        SimBuffer partial = SimBuffer.zeros(blocks);
        SimBuffer total = SimBuffer.zeros(1);
        load("block_sum.ptx").launch("block_sum", Dim3.of(blocks), Dim3.of(block), SimBuffer.of(in), partial, total,
                n);
        float[] expected = new float[blocks];
        float expectedTotal = 0;
        for (int b = 0; b < blocks; b++) {
            float[] cache = new float[block];
            for (int t = 0; t < block; t++) {
                int i = b * block + t;
                cache[t] = i < n ? in[i] : 0f;
            }
            for (int stride = block / 2; stride > 0; stride /= 2) {
                for (int t = 0; t < stride; t++) {
                    cache[t] += cache[t + stride];
                }
            }
            expected[b] = cache[0];
            expectedTotal += cache[0];
        }
        assertArrayEquals(expected, partial.floats());
        assertEquals(expectedTotal, total.floats()[0]);
    }

    @Test
    void tiledMatrixMultiplyMatchesTheSameFmaChain() {
        int m = 37;
        int n = 45;
        int k = 50;
        float[] a = random(m * k, 6);
        float[] b = random(k * n, 7);
        SimBuffer c = SimBuffer.zeros(m * n);
        long start = System.nanoTime();
        LaunchStats stats = load("matmul_tiled.ptx").launch("matmul_tiled", Dim3.of((n + 15) / 16, (m + 15) / 16),
                Dim3.of(16, 16), SimBuffer.of(a), SimBuffer.of(b), c, m, n, k);
        long millis = (System.nanoTime() - start) / 1_000_000;
        float[] expected = new float[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float acc = 0f;
                for (int p = 0; p < k; p++) {
                    acc = Math.fma(a[i * k + p], b[p * n + j], acc);
                }
                expected[i * n + j] = acc;
            }
        }
        assertArrayEquals(expected, c.floats());
        assertTrue(stats.threadInstructions() > 500_000, "the launch is big enough to say something about speed");
        assertTrue(millis < 20_000, "decoded once, run fast: " + stats.threadInstructions() + " in " + millis + " ms");
    }

    @Test
    void warpShuffleDownTreeSumsEachWarp() {
        float[] in = random(128, 8);
        SimBuffer out = SimBuffer.zeros(4);
        load("warp_sum.ptx").launch("warp_sum", Dim3.of(2), Dim3.of(64), SimBuffer.of(in), out);
        float[] expected = new float[4];
        for (int w = 0; w < 4; w++) {
            float[] lanes = java.util.Arrays.copyOfRange(in, 32 * w, 32 * w + 32);
            for (int offset = 16; offset > 0; offset /= 2) {
                float[] next = new float[32];
                for (int lane = 0; lane < 32; lane++) {
                    next[lane] = lanes[lane] + (lane + offset < 32 ? lanes[lane + offset] : lanes[lane]);
                }
                lanes = next;
            }
            expected[w] = lanes[0];
        }
        assertArrayEquals(expected, out.floats());
    }

    @Test
    void warpButterflyGivesEveryLaneTheMaximum() {
        float[] in = random(96, 9);
        SimBuffer out = SimBuffer.zeros(96);
        load("warp_sum.ptx").launch("warp_allreduce", Dim3.of(1), Dim3.of(96), SimBuffer.of(in), out);
        float[] result = out.floats();
        for (int i = 0; i < 96; i++) {
            float max = Float.NEGATIVE_INFINITY;
            for (int j = i / 32 * 32; j < i / 32 * 32 + 32; j++) {
                max = Math.max(max, in[j]);
            }
            assertEquals(max, result[i], "lane " + i);
        }
    }
}
