package dev.nnet.kernels;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Where a lanes convolution's time goes, fastest of N calls (as in {@code bench.ConvMin}), batch 64, one thread: the
 * layout copies (x into lanes, dy into lanes unpadded as the weight gradient reads it and padded by k − 1 as the
 * "valid" data gradient reads it, y out of lanes) against the AUTO passes of a keeping {@link Conv2d}, in the order
 * a trainer calls them; and the data gradient by {@link LaneConv} on padded dy against {@link LaneDataGradient},
 * interleaved. Layers are named {@code name-CxHxW-outC-kK} (no padding).
 *
 * <pre>java --add-modules jdk.incubator.vector -Dnnet.threads=1 -cp ... dev.nnet.kernels.LanePhasesMin \
 *     mnist-conv2-10x12x12-20-k5,inception-conv2-88x12x12-20-k5 [calls] [cold]</pre>
 */
public final class LanePhasesMin {
  private static final int BATCH = 64;

  /** With "cold": 32 MiB written between timed passes, so each pass starts with its operands out of L2 and L3 as in a
   *  training step, where the ops between two calls of a layer touch megabytes. */
  private static final int FLUSH_FLOATS = 8 << 20;

  private LanePhasesMin() {}

  /** With cold, writes the flush array through (untimed); returns the time after it. */
  private static long evict(boolean cold, float[] flush, long now) {
    if (!cold) {
      return now == 0 ? System.nanoTime() : now;
    }
    for (int i = 0; i < flush.length; i += 16) {
      flush[i] += 1f;
    }
    return System.nanoTime();
  }

  public static void main(String[] args) {
    int calls = args.length > 1 ? Integer.parseInt(args[1]) : 100;
    boolean cold = args.length > 2 && args[2].equals("cold");
    for (String layer : args[0].split(",")) {
      run(layer, calls, cold);
    }
  }

  private static void run(String layer, int calls, boolean cold) {
    float[] flush = new float[cold ? FLUSH_FLOATS : 0];
    String[] part = layer.split("-");
    String[] in = part[part.length - 3].split("x");
    int inC = Integer.parseInt(in[0]);
    int h = Integer.parseInt(in[1]);
    int outC = Integer.parseInt(part[part.length - 2]);
    int k = Integer.parseInt(part[part.length - 1].substring(1));
    int out = h - k + 1;
    SplittableRandom rnd = new SplittableRandom(3);
    float[] x = Close.random(rnd, BATCH * inC * h * h);
    float[] w = Close.random(rnd, outC * inC * k * k);
    float[] dy = Close.random(rnd, BATCH * outC * out * out);
    float[] y = new float[dy.length];
    float[] dx = new float[x.length];
    float[] dW = new float[w.length];
    Conv2d keeping = new Conv2d(BATCH, inC, h, h, outC, k, k, 1, 1, 0, 0, 1, 1, 1, true);
    Conv2d shared = new Conv2d(BATCH, inC, h, h, outC, k, k, 1, 1, 0, 0, 1, 1, 1);
    LaneLayout xLayout = new LaneLayout(inC, h, h, 0, 0);
    LaneLayout dyLayout = new LaneLayout(outC, out, out, 0, 0);
    LaneLayout dyPadded = new LaneLayout(outC, out, out, k - 1, k - 1);
    int blocks = LaneLayout.blocks(BATCH);
    float[] xLanes = new float[blocks * xLayout.block];
    float[] dyLanes = new float[blocks * dyLayout.block];
    float[] dyPaddedLanes = new float[blocks * dyPadded.block];
    float[] yLanes = new float[blocks * dyLayout.block];
    LaneConv padded = new LaneConv(BATCH, outC, out, out, inC, k, k, k - 1, k - 1, false);
    LaneDataGradient exact = new LaneDataGradient(BATCH, inC, h, h, outC, k, k);
    float[] flipped = new float[w.length];
    new ConvGeometry(inC, h, h, outC, k, k, 1, 1, 0, 0, 1, 1, 1).flip(w, flipped);
    String[] names = {"x to lanes", "dy to lanes", "dy to lanes padded k-1", "y from lanes", "forward", "data",
        "weight (kept)", "data LaneConv padded", "data LaneDataGradient"};
    long[] best = new long[names.length];
    java.util.Arrays.fill(best, Long.MAX_VALUE);
    for (int call = 0; call < calls; call++) {
      long[] t = new long[names.length + 1];
      long[] start = new long[names.length + 1];
      start[0] = evict(cold, flush, 0);
      t[0] = start[0];
      for (int b = 0; b < blocks; b++) {
        xLayout.toLanes(x, 0, b * LaneLayout.L, LaneLayout.L, xLanes, b * xLayout.block);
      }
      t[1] = System.nanoTime();
      start[1] = evict(cold, flush, t[1]);
      for (int b = 0; b < blocks; b++) {
        dyLayout.toLanes(dy, 0, b * LaneLayout.L, LaneLayout.L, dyLanes, b * dyLayout.block);
      }
      t[2] = System.nanoTime();
      start[2] = evict(cold, flush, t[2]);
      for (int b = 0; b < blocks; b++) {
        dyPadded.toLanes(dy, 0, b * LaneLayout.L, LaneLayout.L, dyPaddedLanes, b * dyPadded.block);
      }
      t[3] = System.nanoTime();
      start[3] = evict(cold, flush, t[3]);
      for (int b = 0; b < blocks; b++) {
        LaneLayout.fromLanes(yLanes, b * dyLayout.block, outC, out * out, out * out, 0, out * out, b * LaneLayout.L,
            LaneLayout.L, y, 0, null, Activation.RELU);
      }
      t[4] = System.nanoTime();
      start[4] = evict(cold, flush, t[4]);
      keeping.forward(BATCH, x, 0, w, null, y, 0, Activation.RELU);
      t[5] = System.nanoTime();
      start[5] = evict(cold, flush, t[5]);
      shared.backwardData(BATCH, dy, 0, w, dx, 0);
      t[6] = System.nanoTime();
      start[6] = evict(cold, flush, t[6]);
      keeping.backwardWeightFromForward(BATCH, dy, 0, dW, null, false);
      t[7] = System.nanoTime();
      start[7] = evict(cold, flush, t[7]);
      padded.forward(BATCH, dy, 0, flipped, null, dx, 0, Activation.NONE);
      t[8] = System.nanoTime();
      start[8] = evict(cold, flush, t[8]);
      exact.run(BATCH, dy, 0, w, dx, 0);
      t[9] = System.nanoTime();
      start[9] = evict(cold, flush, t[9]);
      for (int i = 0; i < names.length; i++) {
        best[i] = Math.min(best[i], t[i + 1] - start[i]);
      }
    }
    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-34s", layer));
    for (int i = 0; i < names.length; i++) {
      line.append(String.format(Locale.ROOT, "  %s %.0f", names[i], best[i] / 1e3));
    }
    System.out.println(line.append(" µs"));
  }
}
