package dev.nnet.kernels.bench;

import dev.nnet.kernels.Activation;
import dev.nnet.kernels.Conv2d;
import dev.nnet.kernels.KernelVariants;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The fastest of N single calls of each convolution pass, the variants interleaved call by call: on a machine
 * shared with other builds (load average far above the core count) a JMH mean mostly measures the other processes,
 * while the fastest call still measures the kernel. Layers are named as in {@link ConvBench}; batch 64.
 *
 * <pre>java --add-modules jdk.incubator.vector -Dnnet.threads=1 -cp ... dev.nnet.kernels.bench.ConvMin \
 *     mnist-conv2-10x12x12-20-k5,resnet-block-16x12x12-16-k3p1 [gemm,direct,implicit,lanes,auto] [calls]</pre>
 *
 * "kept" is forward with keepColumns plus the weight gradient from what it kept; "step" is the three passes on that
 * keeping object (forward, data gradient, weight gradient from forward), as generated trainers run them.
 */
public final class ConvMin {
  private ConvMin() {}

  public static void main(String[] args) {
    String[] variants = args.length > 1 ? args[1].split(",") : new String[] {"gemm", "direct", "implicit"};
    int calls = args.length > 2 ? Integer.parseInt(args[2]) : 30;
    for (String layer : args[0].split(",")) {
      run(layer, variants, calls);
    }
  }

  private static void run(String layer, String[] variants, int calls) {
    int[] s = ConvBench.shape(layer);
    int batch = ConvBench.BATCH;
    Conv2d[] convs = new Conv2d[variants.length];
    Conv2d[] kept = new Conv2d[variants.length];
    for (int v = 0; v < variants.length; v++) {
      convs[v] = KernelVariants.conv(variants[v], batch, s[0], s[1], s[2], s[3], s[4]);
      kept[v] = KernelVariants.conv(variants[v], batch, s[0], s[1], s[2], s[3], s[4], true);
    }
    int out = convs[0].outHeight() * convs[0].outWidth();
    SplittableRandom rnd = new SplittableRandom(2);
    float[] x = GemmBench.random(rnd, batch * s[0] * s[1] * s[1]);
    float[] w = GemmBench.random(rnd, s[2] * s[0] * s[3] * s[3]);
    float[] bias = GemmBench.random(rnd, s[2]);
    float[] y = new float[batch * s[2] * out];
    float[] dy = GemmBench.random(rnd, y.length);
    float[] dx = new float[x.length];
    float[] dw = new float[w.length];
    float[] db = new float[s[2]];
    long[][] best = new long[variants.length][5];
    for (long[] b : best) {
      Arrays.fill(b, Long.MAX_VALUE);
    }
    for (int call = 0; call < calls; call++) {
      for (int v = 0; v < variants.length; v++) {
        long t0 = System.nanoTime();
        convs[v].forward(batch, x, 0, w, bias, y, 0, Activation.RELU);
        long t1 = System.nanoTime();
        convs[v].backwardData(batch, dy, 0, w, dx, 0);
        long t2 = System.nanoTime();
        convs[v].backwardWeight(batch, x, 0, dy, 0, dw, db, false);
        long t3 = System.nanoTime();
        kept[v].forward(batch, x, 0, w, bias, y, 0, Activation.RELU);
        kept[v].backwardWeightFromForward(batch, dy, 0, dw, null, false);
        long t4 = System.nanoTime();
        kept[v].forward(batch, x, 0, w, bias, y, 0, Activation.RELU);
        kept[v].backwardData(batch, dy, 0, w, dx, 0);
        kept[v].backwardWeightFromForward(batch, dy, 0, dw, null, false);
        long t5 = System.nanoTime();
        long[] b = best[v];
        b[4] = Math.min(b[4], t5 - t4);
        b[0] = Math.min(b[0], t1 - t0);
        b[1] = Math.min(b[1], t2 - t1);
        b[2] = Math.min(b[2], t3 - t2);
        b[3] = Math.min(b[3], t4 - t3);
      }
    }
    for (int v = 0; v < variants.length; v++) {
      System.out.printf(Locale.ROOT, "%-32s %-9s forward %7.0f  data %7.0f  weight %7.0f  kept %7.0f  step %7.0f µs%n",
          layer, variants[v], best[v][0] / 1e3, best[v][1] / 1e3, best[v][2] / 1e3, best[v][3] / 1e3,
          best[v][4] / 1e3);
    }
  }
}
