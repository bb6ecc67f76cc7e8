package dev.nnet.kernels.bench;

import dev.nnet.kernels.KernelVariants;
import dev.nnet.kernels.Pool2d;
import dev.nnet.kernels.Reduce;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The fastest of N single calls of each pooling pass on the seeds' layers at batch 64, as the generated trainers
 * call them (max pooling with the fused ReLU and its masked gradient), the vector and scalar paths interleaved call
 * by call (see {@link ConvMin} for why the fastest call), and the bias gradient ({@link Reduce#channelSums}) of
 * the pooling gradient's output, as the convolution before it takes it. Layers: {@code cnn1} mnist-cnn's (and inception's) first
 * max_pool2d(2) [10, 24, 24], {@code cnn2} [20, 8, 8], {@code lenet1} [6, 28, 28], {@code lenet2} [16, 10, 10],
 * {@code resnet1} [16, 24, 24], {@code resnet2} [32, 8, 8], {@code avg1} and {@code avg2} inception's
 * avg_pool2d(3, 1, 1) [10, 12, 12] and [20, 4, 4].
 *
 * <pre>java --add-modules jdk.incubator.vector -Dnnet.threads=1 -cp ... dev.nnet.kernels.bench.PoolMin \
 *     cnn1,lenet2,avg1 [vector,scalar] [calls]</pre>
 */
public final class PoolMin {
  private static final int BATCH = 64;

  private PoolMin() {}

  public static void main(String[] args) {
    String[] layers = (args.length > 0 ? args[0] : "cnn1,cnn2,lenet1,lenet2,resnet1,resnet2,avg1,avg2").split(",");
    String[] variants = args.length > 1 ? args[1].split(",") : new String[] {"vector", "scalar"};
    int calls = args.length > 2 ? Integer.parseInt(args[2]) : 200;
    for (String layer : layers) {
      run(layer, variants, calls);
    }
  }

  /** [channels, size, max (1) or avg (0)] of a named layer. */
  private static int[] shape(String layer) {
    switch (layer) {
      case "cnn1": return new int[] {10, 24, 1};
      case "cnn2": return new int[] {20, 8, 1};
      case "lenet1": return new int[] {6, 28, 1};
      case "lenet2": return new int[] {16, 10, 1};
      case "resnet1": return new int[] {16, 24, 1};
      case "resnet2": return new int[] {32, 8, 1};
      case "avg1": return new int[] {10, 12, 0};
      case "avg2": return new int[] {20, 4, 0};
      default: throw new IllegalArgumentException("unknown layer " + layer);
    }
  }

  private static void run(String layer, String[] variants, int calls) {
    int[] s = shape(layer);
    boolean max = s[2] == 1;
    Pool2d[] pools = new Pool2d[variants.length];
    for (int v = 0; v < variants.length; v++) {
      boolean vector = variants[v].equals("vector");
      pools[v] = max ? KernelVariants.maxPool(vector, s[0], s[1], 2, 2, false)
          : KernelVariants.avgPool(vector, s[0], s[1], 3, 1, 1);
    }
    int outs = BATCH * s[0] * pools[0].outHeight() * pools[0].outWidth();
    SplittableRandom rnd = new SplittableRandom(5);
    float[] x = GemmBench.random(rnd, BATCH * s[0] * s[1] * s[1]);
    float[] y = new float[outs];
    float[] dy = GemmBench.random(rnd, outs);
    float[] dx = new float[x.length];
    int[] indices = max ? new int[outs] : null;
    float[] bias = new float[s[0]];
    long[][] best = new long[variants.length][3];
    for (long[] b : best) {
      Arrays.fill(b, Long.MAX_VALUE);
    }
    for (int call = 0; call < calls; call++) {
      for (int v = 0; v < variants.length; v++) {
        long t0 = System.nanoTime();
        pools[v].forward(BATCH, x, 0, y, 0, indices, max);
        long t1 = System.nanoTime();
        pools[v].backward(BATCH, dy, 0, indices, dx, 0, max ? y : null, 0);
        long t2 = System.nanoTime();
        // the convolution's bias gradient from the pooling gradient it follows (the same in both variants)
        Reduce.channelSums(BATCH, s[0], s[1] * s[1], dx, 0, bias, 0, false);
        long t3 = System.nanoTime();
        best[v][0] = Math.min(best[v][0], t1 - t0);
        best[v][1] = Math.min(best[v][1], t2 - t1);
        best[v][2] = Math.min(best[v][2], t3 - t2);
      }
    }
    long bytesIn = 4L * x.length;
    long bytesOut = 4L * outs;
    for (int v = 0; v < variants.length; v++) {
      // forward reads x, writes y (and the indices); backward reads dy (indices, y) and writes dx
      long fwdBytes = bytesIn + bytesOut * (max ? 2 : 1);
      long bwdBytes = bytesIn + bytesOut * (max ? 3 : 1);
      System.out.printf(Locale.ROOT, "%-8s %-7s forward %7.1f µs %5.1f GB/s  backward %7.1f µs %5.1f GB/s"
          + "  channel sums %6.1f µs %5.1f GB/s%n", layer, variants[v], best[v][0] / 1e3,
          fwdBytes / (double) best[v][0], best[v][1] / 1e3, bwdBytes / (double) best[v][1], best[v][2] / 1e3,
          bytesIn / (double) best[v][2]);
    }
  }
}
