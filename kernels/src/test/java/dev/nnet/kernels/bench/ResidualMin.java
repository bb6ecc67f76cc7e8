package dev.nnet.kernels.bench;

import dev.nnet.kernels.Activation;
import dev.nnet.kernels.Conv2d;
import dev.nnet.kernels.KernelVariants;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A residual block's end, {@code relu(r + conv(x))}, two ways, interleaved call by call and the fastest of N kept
 * (as {@link ConvMin}, for a machine shared with other builds): "unfused" is the forward into y and then the loop
 * the compiler generated before fuse-residual ({@code y[i] = Math.max(0f, r[i] + y[i])}); "fused" is the forward
 * with the residual in its store. Each object keeps its columns (or x), as a training step's forward does.
 *
 * <pre>java --add-modules jdk.incubator.vector -Dnnet.threads=1 -cp ... dev.nnet.kernels.bench.ResidualMin \
 *     resnet-block-16x12x12-16-k3p1,resnet-block-32x4x4-32-k3p1 [winograd,gemm,direct,implicit] [calls]</pre>
 */
public final class ResidualMin {
  private ResidualMin() {}

  public static void main(String[] args) {
    String[] variants = args.length > 1 ? args[1].split(",") : new String[] {"winograd", "gemm", "direct", "implicit"};
    int calls = args.length > 2 ? Integer.parseInt(args[2]) : 200;
    for (String layer : args[0].split(",")) {
      run(layer, variants, calls);
    }
  }

  private static void run(String layer, String[] variants, int calls) {
    int[] s = ConvBench.shape(layer);
    int batch = ConvBench.BATCH;
    Conv2d[] convs = new Conv2d[variants.length];
    for (int v = 0; v < variants.length; v++) {
      convs[v] = KernelVariants.conv(variants[v], batch, s[0], s[1], s[2], s[3], s[4], true);
    }
    int size = batch * s[2] * convs[0].outHeight() * convs[0].outWidth();
    SplittableRandom rnd = new SplittableRandom(3);
    float[] x = GemmBench.random(rnd, batch * s[0] * s[1] * s[1]);
    float[] w = GemmBench.random(rnd, s[2] * s[0] * s[3] * s[3]);
    float[] bias = GemmBench.random(rnd, s[2]);
    float[] r = GemmBench.random(rnd, size);
    float[] y = new float[size];
    long[][] best = new long[variants.length][2];
    for (long[] b : best) {
      java.util.Arrays.fill(b, Long.MAX_VALUE);
    }
    for (int call = 0; call < calls; call++) {
      for (int v = 0; v < variants.length; v++) {
        long t0 = System.nanoTime();
        convs[v].forward(batch, x, 0, w, bias, y, 0, Activation.NONE);
        for (int i = 0; i < size; i++) {
          y[i] = Math.max(0f, r[i] + y[i]);
        }
        long t1 = System.nanoTime();
        convs[v].forward(batch, x, 0, w, bias, r, 0, y, 0, Activation.RELU);
        long t2 = System.nanoTime();
        best[v][0] = Math.min(best[v][0], t1 - t0);
        best[v][1] = Math.min(best[v][1], t2 - t1);
      }
    }
    for (int v = 0; v < variants.length; v++) {
      System.out.printf(Locale.ROOT, "%-32s %-9s unfused %7.1f  fused %7.1f µs  (%+.1f%%)%n", layer, variants[v],
          best[v][0] / 1e3, best[v][1] / 1e3, 100.0 * (best[v][1] - best[v][0]) / best[v][0]);
    }
  }
}
