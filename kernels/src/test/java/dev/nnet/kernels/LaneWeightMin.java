package dev.nnet.kernels;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The fastest of N calls (as in {@code bench.ConvMin}) of {@link LaneWeightGradient}, alone and with the transposes
 * of x and dy from NCHW into lanes, against {@link Conv2d#backwardWeightFromForward} of the AUTO choice, batch 64.
 * Layers are named {@code name-CxHxW-outC-kK[pP]}.
 *
 * <pre>java --add-modules jdk.incubator.vector -Dnnet.threads=1 -cp ... dev.nnet.kernels.LaneWeightMin \
 *     mnist-conv1-1x28x28-10-k5,mnist-conv2-10x12x12-20-k5 [calls]</pre>
 */
public final class LaneWeightMin {
  private static final int BATCH = 64;

  private LaneWeightMin() {}

  public static void main(String[] args) {
    int calls = args.length > 1 ? Integer.parseInt(args[1]) : 30;
    System.out.printf(Locale.ROOT, "%-36s %10s %8s %10s %8s %10s %8s  (batch %d, %d threads, L=%d)%n", "layer",
        "auto µs", "GFLOP/s", "lanes µs", "GFLOP/s", "+transp µs", "GFLOP/s", BATCH, Parallel.threads(),
        LaneWeightGradient.lanes());
    for (String layer : args[0].split(",")) { // warm: C2 compiles the tiles before any layer is timed
      run(layer, calls, false);
    }
    for (String layer : args[0].split(",")) {
      run(layer, calls, true);
    }
  }

  private static void run(String layer, int calls, boolean print) {
    String[] part = layer.split("-");
    String[] in = part[part.length - 3].split("x");
    int inC = Integer.parseInt(in[0]);
    int h = Integer.parseInt(in[1]);
    int w = Integer.parseInt(in[2]);
    int outC = Integer.parseInt(part[part.length - 2]);
    String k = part[part.length - 1].substring(1);
    int p = k.indexOf('p');
    int kernel = Integer.parseInt(p < 0 ? k : k.substring(0, p));
    int pad = p < 0 ? 0 : Integer.parseInt(k.substring(p + 1));
    int outH = h + 2 * pad - kernel + 1;
    int outW = w + 2 * pad - kernel + 1;
    int hp = h + 2 * pad;
    int wp = w + 2 * pad;

    SplittableRandom rnd = new SplittableRandom(3);
    float[] x = Close.random(rnd, BATCH * inC * h * w);
    float[] weights = Close.random(rnd, outC * inC * kernel * kernel);
    float[] dy = Close.random(rnd, BATCH * outC * outH * outW);
    float[] y = new float[dy.length];
    float[] dW = new float[weights.length];
    float[] dB = new float[outC];
    Conv2d auto = new Conv2d(BATCH, inC, h, w, outC, kernel, kernel, 1, 1, pad, pad, 1, 1, 1, true);
    LaneWeightGradient lanes = new LaneWeightGradient(inC, outC, kernel, kernel, hp, wp, outH, outW);
    int blocks = Lanes.blocks(BATCH);
    float[] xLanes = new float[blocks * inC * hp * wp * Lanes.L];
    float[] dyLanes = new float[blocks * outC * outH * outW * Lanes.L];
    long bestAuto = Long.MAX_VALUE;
    long bestLanes = Long.MAX_VALUE;
    long bestTransposed = Long.MAX_VALUE;
    for (int call = 0; call < calls; call++) {
      auto.forward(BATCH, x, 0, weights, null, y, 0, Activation.NONE);
      long t0 = System.nanoTime();
      auto.backwardWeightFromForward(BATCH, dy, 0, dW, dB, false);
      long t1 = System.nanoTime();
      transpose(x, BATCH, inC, h, w, xLanes, pad, hp, wp);
      transpose(dy, BATCH, outC, outH, outW, dyLanes, 0, outH, outW);
      long t2 = System.nanoTime();
      lanes.run(blocks, xLanes, 0, dyLanes, 0, outH, outW, 0, 0, dW, dB, false);
      long t3 = System.nanoTime();
      bestAuto = Math.min(bestAuto, t1 - t0);
      bestLanes = Math.min(bestLanes, t3 - t2);
      bestTransposed = Math.min(bestTransposed, t3 - t1);
    }
    if (!print) {
      return;
    }
    double flops = 2.0 * outC * inC * kernel * kernel * outH * outW * BATCH;
    System.out.printf(Locale.ROOT, "%-36s %10.0f %8.1f %10.0f %8.1f %10.0f %8.1f%n", layer, bestAuto / 1e3,
        flops / bestAuto, bestLanes / 1e3, flops / bestLanes, bestTransposed / 1e3, flops / bestTransposed);
  }

  /**
   * NCHW into lanes (the interior of an hp × wp plane at (pad, pad)): each output vector gathers one pixel of L
   * samples, so the writes are contiguous and the reads are L sequential streams.
   */
  private static void transpose(float[] nchw, int n, int c, int h, int w, float[] lanes, int pad, int hp, int wp) {
    int l = Lanes.L;
    int plane = h * w;
    int sampleSize = c * plane;
    for (int b = 0; b * l < n; b++) {
      int samples = Math.min(l, n - b * l);
      for (int ch = 0; ch < c; ch++) {
        int src = (b * l * c + ch) * plane;
        int dst = ((b * c + ch) * hp + pad) * wp * l + pad * l;
        for (int i = 0; i < h; i++, dst += wp * l) {
          for (int j = 0; j < w; j++, src++) {
            int at = dst + j * l;
            for (int lane = 0; lane < samples; lane++) {
              lanes[at + lane] = nchw[src + lane * sampleSize];
            }
          }
        }
      }
    }
  }
}
