package dev.nnet.codegen.ptx;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nnet.codegen.ptx.sim.Dim3;
import dev.nnet.codegen.ptx.sim.PtxSim;
import dev.nnet.codegen.ptx.sim.SimBuffer;
import dev.nnet.ir.op.Act;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The tiled GEMM kernel in the PTX interpreter against a float64 product: all four transpose combinations, sizes
 * that are not multiples of the 64x64 tile or the 16-wide k-tile (and 1s), beta = 1 accumulation with a column
 * bias and an activation, a batch of products over samples x groups with a row bias, and a sum over products split
 * into chunks.
 */
class GemmKernelSimTest {
    private static final Random RANDOM = new Random(5);

    private static float[] random(int count) {
        float[] v = new float[count];
        for (int i = 0; i < count; i++) {
            v[i] = RANDOM.nextFloat() * 2 - 1;
        }
        return v;
    }

    /** Runs one GEMM kernel of spec s with batch size n on a, b, c (and bias); returns C. */
    private static float[] run(GemmKernel.Spec s, int n, float[] a, float[] b, float[] c, float[] bias) {
        Kernel k = new Kernel("gemm_test", List.of("test"));
        String pa = k.pointer("a");
        String pb = k.pointer("b");
        String pc = k.pointer("c");
        String pbias = bias == null ? null : k.pointer("bias");
        GemmKernel.write(k, s, pa, pb, pc, pbias);
        String text = ".version 8.0\n.target sm_80\n.address_size 64\n" + k.text();
        SimBuffer cb = SimBuffer.of(c.clone());
        List<Object> args = new ArrayList<>(List.of(n, SimBuffer.of(a), SimBuffer.of(b), cb));
        if (bias != null) {
            args.add(SimBuffer.of(bias));
        }
        Launch.Grid g = s.grid();
        PtxSim.load(text).launch("gemm_test", Dim3.of(blocks(g.x(), g.divX(), n), blocks(g.y(), g.divY(), n),
                blocks(g.z(), g.divZ(), n)), Dim3.of(g.threads()), args.toArray());
        return cb.floats();
    }

    private static int blocks(Size s, int per, int n) {
        return (int) Math.max(1, (s.perSample() * n + s.fixed() + per - 1) / per);
    }

    private static double at(float[] x, int offset, boolean trans, int row, int col, int ld) {
        return trans ? x[offset + col * ld + row] : x[offset + row * ld + col];
    }

    @Test
    void everyTransposeCombinationAtSizesOffTheTiles() {
        int[][] sizes = {{37, 45, 50}, {1, 70, 1}, {65, 1, 17}, {64, 64, 16}, {130, 3, 33}};
        for (int[] mnk : sizes) {
            int m = mnk[0];
            int n = mnk[1];
            int kk = mnk[2];
            for (boolean ta : new boolean[] {false, true}) {
                for (boolean tb : new boolean[] {false, true}) {
                    int lda = ta ? m : kk;
                    int ldb = tb ? kk : n;
                    float[] a = random(m * kk);
                    float[] b = random(kk * n);
                    float[] c = random(m * n);
                    float[] bias = random(n);
                    boolean accumulate = (m + n) % 2 == 1;
                    GemmKernel.Spec s = GemmKernel.Spec.plain(ta, tb, Size.of(m), Size.of(n), Size.of(kk), lda, ldb,
                            n, accumulate, GemmKernel.Bias.COLUMN, Act.TANH);
                    float[] got = run(s, 1, a, b, c, bias);
                    for (int i = 0; i < m; i++) {
                        for (int j = 0; j < n; j++) {
                            double sum = 0;
                            for (int q = 0; q < kk; q++) {
                                sum += at(a, 0, ta, i, q, lda) * at(b, 0, tb, q, j, ldb);
                            }
                            double expected = Math.tanh(sum + (accumulate ? c[i * n + j] : 0) + bias[j]);
                            assertEquals(expected, got[i * n + j], 2e-6 + 2e-6 * kk, "m=" + m + " n=" + n + " k=" + kk
                                    + " transA=" + ta + " transB=" + tb + " at (" + i + ", " + j + ")");
                        }
                    }
                }
            }
        }
    }

    @Test
    void aBatchOfProductsOverSamplesAndGroupsWithARowBias() {
        // Like a grouped convolution: per sample s and group g, C[s][g] = A[g] * B[s][g] + bias[g][row].
        int samples = 3;
        int groups = 2;
        int m = 5;
        int n = 70;
        int kk = 9;
        float[] a = random(groups * m * kk);
        float[] b = random(samples * groups * kk * n);
        float[] bias = random(groups * m);
        GemmKernel.Spec s = new GemmKernel.Spec(false, false, Size.of(m), Size.of(n), Size.of(kk), kk, n, n, false,
                GemmKernel.Bias.ROW, Act.RELU, new Size(groups, 0), groups, 0, (long) m * kk,
                (long) groups * kk * n, (long) kk * n, (long) groups * m * n, (long) m * n, m, Size.of(1), 0, 0, 1);
        float[] got = run(s, samples, a, b, new float[samples * groups * m * n], bias);
        for (int sample = 0; sample < samples; sample++) {
            for (int g = 0; g < groups; g++) {
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < n; j++) {
                        double sum = bias[g * m + i];
                        for (int q = 0; q < kk; q++) {
                            sum += a[g * m * kk + i * kk + q] * b[(sample * groups + g) * kk * n + q * n + j];
                        }
                        assertEquals(Math.max(0, sum), got[((sample * groups + g) * m + i) * n + j], 1e-5);
                    }
                }
            }
        }
    }

    @Test
    void aSumOverProductsSplitIntoChunksOfPartials() {
        // Like a convolution's weight gradient: partial[c] = sum over the chunk's samples s of A[s] * B[s]^T.
        int samples = 7;
        int chunks = 3;
        int m = 4;
        int n = 6;
        int kk = 20;
        float[] a = random(samples * m * kk);
        float[] b = random(samples * n * kk);
        GemmKernel.Spec s = new GemmKernel.Spec(false, true, Size.of(m), Size.of(n), Size.of(kk), kk, kk, n, false,
                GemmKernel.Bias.NONE, Act.NONE, Size.of(chunks), 1, 0, 0, 0, 0, (long) m * n, 0, 0, new Size(1, 0),
                (long) m * kk, (long) n * kk, chunks);
        float[] got = run(s, samples, a, b, new float[chunks * m * n], null);
        int per = (samples + chunks - 1) / chunks;
        for (int c = 0; c < chunks; c++) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double sum = 0;
                    for (int sample = c * per; sample < Math.min(samples, c * per + per); sample++) {
                        for (int q = 0; q < kk; q++) {
                            sum += a[sample * m * kk + i * kk + q] * b[sample * n * kk + j * kk + q];
                        }
                    }
                    assertEquals(sum, got[c * m * n + i * n + j], 1e-5, "chunk " + c + " (" + i + ", " + j + ")");
                }
            }
        }
    }
}
