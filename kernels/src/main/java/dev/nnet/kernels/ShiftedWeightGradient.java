package dev.nnet.kernels;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The weight gradient of a {@link ShiftedConv} layer on its shifted copies of x: tap t of channel oc is the dot
 * product of dy's plane with the copies from the tap's offset, in tiles of 4 (then 2, 1) output channels × 5 taps
 * ({@link ShiftedGradientTiles}). dy is read where it lies when its planes are whole vectors (mnist, lenet), else
 * copied to planes padded with zeros. Partial vectors are kept per (channel, tap) and folded into double lanes every
 * {@link #FOLD} samples, summed across the lanes at the end; output channels are split among {@link Parallel}
 * threads, each summing its own over the samples in order, so results do not depend on the thread count or the
 * tiling.
 *
 * <p>Only loaded with the Vector API. Not for concurrent use; allocates its workspaces on first use.
 */
final class ShiftedWeightGradient implements Parallel.Task {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();
  /** Samples whose partial sums are added in float before double. */
  private static final int FOLD = 8;

  private final ShiftedConv conv;
  private final int outC;
  private final int taps;
  private final int plane;
  /** The positions summed: the plane rounded up to a whole vector. */
  private final int reach;
  private final int[] tapOffset;

  private float[][] copies;
  /** For n channels, their tiles ({@link ShiftedConv#blocks}): a thread's share of the channels is any n. */
  private final int[][] plans;
  /** Per worker, dy planes padded to reach (their tails stay zero) where plane is not whole vectors; else null. */
  private float[][] paddedDy;
  private float[][] partial;
  /** Per (channel, tap, lane), the folded partial sums. */
  private double[] laneSums;
  private double[] biasSums;

  private int count;
  private float[] in;
  private int inOff;
  private float[] dy;
  private int dyOff;

  ShiftedWeightGradient(ShiftedConv conv) {
    this.conv = conv;
    this.outC = conv.outC;
    this.taps = conv.taps;
    this.plane = conv.plane;
    this.reach = (plane + L - 1) / L * L;
    this.tapOffset = conv.tapOffset;
    this.plans = new int[outC + 1][];
    for (int n = 1; n <= outC; n++) {
      plans[n] = ShiftedConv.blocks(n, ShiftedGradientTiles.SIZES);
    }
  }

  /** dWeight (and dBias when non-null) from x and dy; accumulate ? adds : overwrites. */
  void run(int n, float[] x, int xOff, float[] dy, int dyOff, float[] dWeight, float[] dBias, boolean accumulate) {
    if (copies == null) {
      int workers = Parallel.poolSize();
      copies = new float[workers][conv.sampleSpan];
      paddedDy = reach == plane ? null : new float[workers][outC * reach];
      partial = new float[workers][outC * taps * L];
      laneSums = new double[outC * taps * L];
      biasSums = new double[outC];
    }
    Arrays.fill(laneSums, 0.0);
    Arrays.fill(biasSums, 0.0);
    this.count = n;
    this.in = x;
    this.inOff = xOff;
    this.dy = dy;
    this.dyOff = dyOff;
    try {
      Parallel.run(this);
    } finally {
      this.in = null;
      this.dy = null;
    }
    for (int i = 0; i < outC * taps; i++) {
      double sum = 0;
      for (int lane = 0; lane < L; lane++) {
        sum += laneSums[i * L + lane];
      }
      dWeight[i] = (float) (accumulate ? dWeight[i] + sum : sum);
    }
    if (dBias != null) {
      Reduce.storeSums(biasSums, dBias, accumulate);
    }
  }

  @Override
  public void run(int worker, int workers) {
    int o0 = (int) ((long) outC * worker / workers);
    int o1 = (int) ((long) outC * (worker + 1) / workers);
    if (o1 > o0) {
      channels(worker, o0, o1);
    }
  }

  /** The weight gradient of output channels [o0, o1), over every sample in order. */
  private void channels(int worker, int o0, int o1) {
    float[] xs = copies[worker];
    float[] part = partial[worker];
    Arrays.fill(part, o0 * taps * L, o1 * taps * L, 0f);
    for (int s = 0; s < count; s++) {
      conv.shift(in, inOff, s, xs);
      float[] g = dy;
      int at = dyOff + s * outC * plane;
      int stride = plane;
      if (paddedDy != null) {
        g = paddedDy[worker];
        at = 0;
        stride = reach;
        for (int oc = o0; oc < o1; oc++) {
          System.arraycopy(dy, dyOff + (s * outC + oc) * plane, g, oc * reach, plane);
        }
      }
      for (int oc = o0; oc < o1; oc++) {
        biasSums[oc] += planeSum(g, at + oc * stride);
      }
      int oc = o0;
      for (int size : plans[o1 - o0]) {
        tiles(xs, g, at + oc * stride, stride, oc, size, part);
        oc += size;
      }
      if ((s + 1) % FOLD == 0 || s + 1 == count) {
        fold(part, o0, o1);
      }
    }
  }

  /** Every tap of channels [oc, oc + channels): groups of 5 taps, then one tap at a time. */
  private void tiles(float[] xs, float[] g, int gAt, int stride, int oc, int channels, float[] part) {
    int t = 0;
    for (; t + ShiftedGradientTiles.TAPS <= taps; t += ShiftedGradientTiles.TAPS) {
      ShiftedGradientTiles.tile(channels, xs, g, gAt, stride, oc, t, taps, tapOffset, reach, part);
    }
    for (; t < taps; t++) {
      for (int c = 0; c < channels; c++) {
        ShiftedGradientTiles.oneTap(xs, g, gAt + c * stride, oc + c, t, taps, tapOffset, reach, part);
      }
    }
  }

  /** The sum of a dy plane (zeros past its end), in float vectors and then double. */
  private double planeSum(float[] g, int at) {
    FloatVector sum = FloatVector.zero(S);
    for (int q = 0; q < reach; q += L) {
      sum = sum.add(FloatVector.fromArray(S, g, at + q));
    }
    double total = 0;
    for (int i = 0; i < L; i++) {
      total += sum.lane(i);
    }
    return total;
  }

  /**
   * Adds the float partial sums of channels [o0, o1) into their lanes' double sums and clears them: independent adds
   * (a sum across the lanes per fold is a dependent chain of L).
   */
  private void fold(float[] part, int o0, int o1) {
    for (int i = o0 * taps * L; i < o1 * taps * L; i++) {
      laneSums[i] += part[i];
    }
    Arrays.fill(part, o0 * taps * L, o1 * taps * L, 0f);
  }
}
