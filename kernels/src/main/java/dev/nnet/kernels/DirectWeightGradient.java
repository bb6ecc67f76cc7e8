package dev.nnet.kernels;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The weight gradient of a {@link DirectConv} layer, on its layout: the correlation of dy, copied at the wide pitch
 * (zeros in the dropped columns), with the padded x. Blocks of 2 output channels × 4 taps run over all positions;
 * partial vectors are kept per (channel, tap) and folded into double every {@link #FOLD} samples. Output channels
 * are split among {@link Parallel} threads, each summing its own over the samples in order, so results do not
 * depend on the thread count. A non-finite x next to a dropped column meets a zero of dy there, so such an input
 * (inf) can turn a weight gradient that PyTorch reports as ±inf into NaN; finite inputs are unaffected.
 *
 * <p>Only loaded with the Vector API. Not for concurrent use; allocates its workspaces on first use.
 */
final class DirectWeightGradient implements Parallel.Task {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();
  /** Samples whose partial sums (≤ FOLD·wide/L terms a lane) are added in float before double. */
  private static final int FOLD = 8;

  private final DirectConv conv;
  private final int outC;
  private final int taps;
  private final int wide;
  private final int[] tapOffset;

  private float[][] padded;
  /** Per worker, dy planes at the wide pitch; only the valid positions are ever written, the rest stay zero. */
  private float[][] wideDy;
  private float[][] partial;
  private double[] weightSums;
  private double[] biasSums;

  private int count;
  private float[] in;
  private int inOff;
  private float[] dy;
  private int dyOff;

  DirectWeightGradient(DirectConv conv) {
    this.conv = conv;
    this.outC = conv.outC;
    this.taps = conv.taps;
    this.wide = conv.wide;
    this.tapOffset = conv.tapOffset;
  }

  /** dWeight (and dBias when non-null) from x and dy; accumulate ? adds : overwrites. */
  void run(int n, float[] x, int xOff, float[] dy, int dyOff, float[] dWeight, float[] dBias, boolean accumulate) {
    if (padded == null) {
      int workers = Parallel.poolSize();
      padded = new float[workers][conv.sampleSpan];
      wideDy = new float[workers][outC * wide];
      partial = new float[workers][outC * taps * L];
      weightSums = new double[outC * taps];
      biasSums = new double[outC];
    }
    Arrays.fill(weightSums, 0.0);
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
    Reduce.storeSums(weightSums, dWeight, accumulate);
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
    float[] xp = padded[worker];
    float[] dyWide = wideDy[worker];
    float[] part = partial[worker];
    Arrays.fill(part, o0 * taps * L, o1 * taps * L, 0f);
    for (int s = 0; s < count; s++) {
      conv.pad(in, inOff, s, xp);
      for (int oc = o0; oc < o1; oc++) {
        int src = dyOff + (s * outC + oc) * conv.outH * conv.outW;
        for (int oh = 0; oh < conv.outH; oh++) {
          System.arraycopy(dy, src + oh * conv.outW, dyWide, oc * wide + oh * conv.pitch, conv.outW);
        }
        biasSums[oc] += planeSum(dyWide, oc * wide);
      }
      int oc = o0;
      for (; oc + 2 <= o1; oc += 2) {
        int t = 0;
        for (; t + 4 <= taps; t += 4) {
          twoChannelsFourTaps(xp, dyWide, oc, t, part);
        }
        for (; t < taps; t++) {
          oneTap(xp, dyWide, oc, t, part);
          oneTap(xp, dyWide, oc + 1, t, part);
        }
      }
      for (; oc < o1; oc++) {
        for (int t = 0; t < taps; t++) {
          oneTap(xp, dyWide, oc, t, part);
        }
      }
      if ((s + 1) % FOLD == 0 || s + 1 == count) {
        fold(part, o0, o1);
      }
    }
  }

  /** The sum of a wide dy plane (zeros in the dropped columns), in float vectors and then double. */
  private double planeSum(float[] dyWide, int at) {
    FloatVector sum = FloatVector.zero(S);
    for (int q = 0; q < wide; q += L) {
      sum = sum.add(FloatVector.fromArray(S, dyWide, at + q));
    }
    double total = 0;
    for (int i = 0; i < L; i++) {
      total += sum.lane(i);
    }
    return total;
  }

  private void twoChannelsFourTaps(float[] xp, float[] dyWide, int oc, int t, float[] part) {
    int p0 = (oc * taps + t) * L;
    int p1 = p0 + taps * L;
    FloatVector a0 = FloatVector.fromArray(S, part, p0);
    FloatVector a1 = FloatVector.fromArray(S, part, p0 + L);
    FloatVector a2 = FloatVector.fromArray(S, part, p0 + 2 * L);
    FloatVector a3 = FloatVector.fromArray(S, part, p0 + 3 * L);
    FloatVector b0 = FloatVector.fromArray(S, part, p1);
    FloatVector b1 = FloatVector.fromArray(S, part, p1 + L);
    FloatVector b2 = FloatVector.fromArray(S, part, p1 + 2 * L);
    FloatVector b3 = FloatVector.fromArray(S, part, p1 + 3 * L);
    int d0 = oc * wide;
    int d1 = d0 + wide;
    int f0 = tapOffset[t];
    int f1 = tapOffset[t + 1];
    int f2 = tapOffset[t + 2];
    int f3 = tapOffset[t + 3];
    for (int q = 0; q < wide; q += L) {
      FloatVector g0 = FloatVector.fromArray(S, dyWide, d0 + q);
      FloatVector g1 = FloatVector.fromArray(S, dyWide, d1 + q);
      FloatVector x0 = FloatVector.fromArray(S, xp, q + f0);
      FloatVector x1 = FloatVector.fromArray(S, xp, q + f1);
      FloatVector x2 = FloatVector.fromArray(S, xp, q + f2);
      FloatVector x3 = FloatVector.fromArray(S, xp, q + f3);
      a0 = g0.fma(x0, a0);
      a1 = g0.fma(x1, a1);
      a2 = g0.fma(x2, a2);
      a3 = g0.fma(x3, a3);
      b0 = g1.fma(x0, b0);
      b1 = g1.fma(x1, b1);
      b2 = g1.fma(x2, b2);
      b3 = g1.fma(x3, b3);
    }
    a0.intoArray(part, p0);
    a1.intoArray(part, p0 + L);
    a2.intoArray(part, p0 + 2 * L);
    a3.intoArray(part, p0 + 3 * L);
    b0.intoArray(part, p1);
    b1.intoArray(part, p1 + L);
    b2.intoArray(part, p1 + 2 * L);
    b3.intoArray(part, p1 + 3 * L);
  }

  private void oneTap(float[] xp, float[] dyWide, int oc, int t, float[] part) {
    int p = (oc * taps + t) * L;
    FloatVector a = FloatVector.fromArray(S, part, p);
    int d = oc * wide;
    int f = tapOffset[t];
    for (int q = 0; q < wide; q += L) {
      a = FloatVector.fromArray(S, dyWide, d + q).fma(FloatVector.fromArray(S, xp, q + f), a);
    }
    a.intoArray(part, p);
  }

  /** Adds the float partial sums of channels [o0, o1) into the double sums, lane by lane, and clears them. */
  private void fold(float[] part, int o0, int o1) {
    for (int i = o0 * taps; i < o1 * taps; i++) {
      double sum = 0;
      for (int lane = 0; lane < L; lane++) {
        sum += part[i * L + lane];
      }
      weightSums[i] += sum;
    }
    Arrays.fill(part, o0 * taps * L, o1 * taps * L, 0f);
  }
}
