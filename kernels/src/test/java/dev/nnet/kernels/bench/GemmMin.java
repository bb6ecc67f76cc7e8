package dev.nnet.kernels.bench;

import dev.nnet.kernels.Activation;
import dev.nnet.kernels.Gemm;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The fastest of N single {@link Gemm#sgemm} calls of each linear-layer pass (forward X·Wᵀ + bias, weight gradient
 * dYᵀ·X, input gradient dY·W), shapes interleaved call by call, as {@link ConvMin} does for convolutions. A shape is
 * {@code batch x in x out}: 64x64x10 is mnist-mlp-5's last layer.
 *
 * <pre>java --add-modules jdk.incubator.vector -Dnnet.threads=1 -cp ... dev.nnet.kernels.bench.GemmMin \
 *     64x64x10,64x84x10,64x512x10 [calls]</pre>
 */
public final class GemmMin {
  private GemmMin() {}

  public static void main(String[] args) {
    String[] shapes = args[0].split(",");
    int calls = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
    int[][] dims = new int[shapes.length][];
    float[][][] data = new float[shapes.length][][];
    SplittableRandom rnd = new SplittableRandom(3);
    for (int s = 0; s < shapes.length; s++) {
      String[] p = shapes[s].split("x");
      int m = Integer.parseInt(p[0]);
      int k = Integer.parseInt(p[1]);
      int n = Integer.parseInt(p[2]);
      dims[s] = new int[] {m, k, n};
      data[s] = new float[][] {GemmBench.random(rnd, m * k), GemmBench.random(rnd, n * k), GemmBench.random(rnd, n),
          new float[m * n], GemmBench.random(rnd, m * n), new float[n * k], new float[m * k]};
    }
    long[][] best = new long[shapes.length][3];
    for (long[] b : best) {
      java.util.Arrays.fill(b, Long.MAX_VALUE);
    }
    for (int call = 0; call < calls; call++) {
      for (int s = 0; s < shapes.length; s++) {
        int m = dims[s][0];
        int k = dims[s][1];
        int n = dims[s][2];
        float[][] d = data[s];
        long t0 = System.nanoTime();
        Gemm.sgemm(false, true, m, n, k, 1f, d[0], 0, k, d[1], 0, k, 0f, d[3], 0, n, d[2], 0, false,
            Activation.NONE);
        long t1 = System.nanoTime();
        Gemm.sgemm(true, false, n, k, m, 1f, d[4], 0, n, d[0], 0, k, 0f, d[5], 0, k);
        long t2 = System.nanoTime();
        Gemm.sgemm(false, false, m, k, n, 1f, d[4], 0, n, d[1], 0, k, 0f, d[6], 0, k);
        long t3 = System.nanoTime();
        best[s][0] = Math.min(best[s][0], t1 - t0);
        best[s][1] = Math.min(best[s][1], t2 - t1);
        best[s][2] = Math.min(best[s][2], t3 - t2);
      }
    }
    for (int s = 0; s < shapes.length; s++) {
      System.out.printf(Locale.ROOT, "%-12s forward %7.1f  weight %7.1f  input %7.1f µs%n", shapes[s],
          best[s][0] / 1e3, best[s][1] / 1e3, best[s][2] / 1e3);
    }
  }
}
