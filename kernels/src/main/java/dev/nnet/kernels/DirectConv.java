package dev.nnet.kernels;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Direct convolution with the Vector API for unit strides and one group: no column matrix. Each sample's input
 * planes are copied into a zero-padded buffer of pitch {@code Wp = W + 2·padW}; output position (oh, ow) is then
 * "wide" position {@code q = oh·Wp + ow}, and tap (c, kh, kw) reads the buffer at q plus a constant, so a vector of
 * consecutive q is one load per tap whatever the row width (the lanes at ow ≥ outW are computed and dropped).
 *
 * <p>Forward: blocks of 4 (then 2, 1) output channels × 2 vectors of positions accumulate over every (c, kh, kw)
 * tap, 2 loads and 4 broadcasts per 8 FMAs; samples are split among {@link Parallel} threads. The weight gradient is the
 * correlation of dy (copied wide, zeros in the dropped columns) with the padded x: blocks of 2 output channels × 4
 * taps over all positions, partial vectors kept per (channel, tap) and folded into double every {@link #FOLD}
 * samples; output channels are split among threads, each summing its own over the samples in order, so results
 * do not depend on the thread count. A non-finite x next to a dropped column meets a zero of dy there, so such an
 * input (inf) can turn a weight gradient that PyTorch reports as ±inf into NaN; finite inputs are unaffected.
 *
 * <p>Only loaded with {@code --add-modules jdk.incubator.vector} ({@link MicroKernel#VECTOR}). Not for concurrent
 * use; allocates its workspaces on first use and never again.
 */
final class DirectConv implements Parallel.Task {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();
  /** Samples whose weight-gradient partial sums (≤ FOLD·wide/L terms a lane) are added in float before double. */
  private static final int FOLD = 8;

  private final int inC;
  private final int height;
  private final int width;
  private final int outC;
  private final int padH;
  private final int padW;
  private final int outH;
  private final int outW;
  /** Padded pitch, padded plane, and one sample's padded planes plus the slack the last vector reads. */
  private final int pitch;
  private final int paddedPlane;
  private final int sampleSpan;
  /** Wide positions computed per output plane: a whole number of pairs of vectors. */
  private final int wide;
  /** Taps per output channel (inC·kH·kW), and each tap's offset in the padded sample, in weight order. */
  private final int taps;
  private final int[] tapOffset;

  private float[][] padded;
  private float[][] wideOut;
  /** Per worker, dy planes at the wide pitch; only the valid positions are ever written, the rest stay zero. */
  private float[][] wideDy;
  private float[][] partial;
  private double[] weightSums;
  private double[] biasSums;

  private boolean forwardPass;
  private int count;
  private float[] in;
  private int inOff;
  private float[] weight;
  private float[] bias;
  private float[] out;
  private int outOff;
  private Activation act;

  DirectConv(int inC, int height, int width, int outC, int kernelH, int kernelW, int padH, int padW,
      int dilationH, int dilationW) {
    this.inC = inC;
    this.height = height;
    this.width = width;
    this.outC = outC;
    this.padH = padH;
    this.padW = padW;
    this.pitch = width + 2 * padW;
    this.outH = height + 2 * padH - dilationH * (kernelH - 1);
    this.outW = pitch - dilationW * (kernelW - 1);
    this.paddedPlane = (height + 2 * padH) * pitch;
    int used = (outH - 1) * pitch + outW;
    this.wide = (used + 2 * L - 1) / (2 * L) * (2 * L);
    this.taps = inC * kernelH * kernelW;
    this.tapOffset = new int[taps];
    for (int t = 0; t < taps; t++) {
      int kw = t % kernelW;
      int kh = t / kernelW % kernelH;
      int c = t / (kernelW * kernelH);
      tapOffset[t] = c * paddedPlane + kh * dilationH * pitch + kw * dilationW;
    }
    // the last vector of positions reads up to wide - 1 + the largest offset; the rest of the span stays zero
    this.sampleSpan = Math.max(inC * paddedPlane, wide + tapOffset[taps - 1]) + L;
  }

  /** y = act(conv(x, weight) + bias); bias may be null. */
  void forward(int n, float[] x, int xOff, float[] w, float[] b, float[] y, int yOff, Activation act) {
    allocate();
    start(true, n, x, xOff, w, b, y, yOff, act);
  }

  /** dWeight (and dBias when non-null) from x and dy; accumulate ? adds : overwrites. */
  void weightGradient(int n, float[] x, int xOff, float[] dy, int dyOff, float[] dWeight, float[] dBias,
      boolean accumulate) {
    allocate();
    Arrays.fill(weightSums, 0.0);
    Arrays.fill(biasSums, 0.0);
    start(false, n, x, xOff, dy, null, null, dyOff, null);
    for (int i = 0; i < weightSums.length; i++) {
      dWeight[i] = (float) (accumulate ? dWeight[i] + weightSums[i] : weightSums[i]);
    }
    if (dBias != null) {
      for (int oc = 0; oc < outC; oc++) {
        dBias[oc] = (float) (accumulate ? dBias[oc] + biasSums[oc] : biasSums[oc]);
      }
    }
  }

  private void start(boolean forwardPass, int n, float[] in, int inOff, float[] weight, float[] bias, float[] out,
      int outOff, Activation act) {
    this.forwardPass = forwardPass;
    this.count = n;
    this.in = in;
    this.inOff = inOff;
    this.weight = weight;
    this.bias = bias;
    this.out = out;
    this.outOff = outOff;
    this.act = act;
    try {
      Parallel.run(this);
    } finally {
      this.in = null;
      this.weight = null;
      this.bias = null;
      this.out = null;
    }
  }

  private void allocate() {
    if (padded == null) {
      int workers = Parallel.poolSize();
      padded = new float[workers][sampleSpan];
      wideOut = new float[workers][outC * wide];
      wideDy = new float[workers][outC * wide];
      partial = new float[workers][outC * taps * L];
      weightSums = new double[outC * taps];
      biasSums = new double[outC];
    }
  }

  @Override
  public void run(int worker, int workers) {
    if (forwardPass) {
      int s0 = (int) ((long) count * worker / workers);
      int s1 = (int) ((long) count * (worker + 1) / workers);
      for (int s = s0; s < s1; s++) {
        forwardSample(worker, s);
      }
    } else {
      int o0 = (int) ((long) outC * worker / workers);
      int o1 = (int) ((long) outC * (worker + 1) / workers);
      if (o1 > o0) {
        weightGradientChannels(worker, o0, o1);
      }
    }
  }

  /** Copies sample s's planes into the padded buffer (its padding and slack stay zero). */
  private void pad(float[] x, int xOff, int s, float[] buffer) {
    for (int c = 0; c < inC; c++) {
      int src = xOff + (s * inC + c) * height * width;
      int dst = c * paddedPlane + padH * pitch + padW;
      for (int h = 0; h < height; h++) {
        System.arraycopy(x, src + h * width, buffer, dst + h * pitch, width);
      }
    }
  }

  private void forwardSample(int worker, int s) {
    float[] xp = padded[worker];
    float[] acc = wideOut[worker];
    pad(in, inOff, s, xp);
    int oc = 0;
    for (; oc + 4 <= outC; oc += 4) {
      for (int q = 0; q < wide; q += 2 * L) {
        fourChannels(xp, q, weight, oc * taps, acc, oc * wide + q);
      }
    }
    for (; oc + 2 <= outC; oc += 2) {
      for (int q = 0; q < wide; q += 2 * L) {
        twoChannels(xp, q, weight, oc * taps, acc, oc * wide + q);
      }
    }
    for (; oc < outC; oc++) {
      for (int q = 0; q < wide; q += 2 * L) {
        oneChannel(xp, q, weight, oc * taps, acc, oc * wide + q);
      }
    }
    for (oc = 0; oc < outC; oc++) {
      float b = bias == null ? 0f : bias[oc];
      int dst = outOff + (s * outC + oc) * outH * outW;
      for (int oh = 0; oh < outH; oh++) {
        int src = oc * wide + oh * pitch;
        for (int ow = 0; ow < outW; ow++) {
          out[dst + oh * outW + ow] = acc[src + ow] + b;
        }
      }
      act.applyInPlace(out, dst, outH * outW);
    }
  }

  /** Output channels oc..oc+3 at wide positions [q, q + 2L): weights of channel oc start at w[wAt]. */
  private void fourChannels(float[] xp, int q, float[] w, int wAt, float[] acc, int accAt) {
    FloatVector a0 = FloatVector.zero(S);
    FloatVector a1 = a0;
    FloatVector a2 = a0;
    FloatVector a3 = a0;
    FloatVector b0 = a0;
    FloatVector b1 = a0;
    FloatVector b2 = a0;
    FloatVector b3 = a0;
    int t1 = taps;
    int t2 = 2 * taps;
    int t3 = 3 * taps;
    for (int t = 0; t < taps; t++) {
      int at = q + tapOffset[t];
      FloatVector x0 = FloatVector.fromArray(S, xp, at);
      FloatVector x1 = FloatVector.fromArray(S, xp, at + L);
      FloatVector w0 = FloatVector.broadcast(S, w[wAt + t]);
      FloatVector w1 = FloatVector.broadcast(S, w[wAt + t1 + t]);
      FloatVector w2 = FloatVector.broadcast(S, w[wAt + t2 + t]);
      FloatVector w3 = FloatVector.broadcast(S, w[wAt + t3 + t]);
      a0 = x0.fma(w0, a0);
      b0 = x1.fma(w0, b0);
      a1 = x0.fma(w1, a1);
      b1 = x1.fma(w1, b1);
      a2 = x0.fma(w2, a2);
      b2 = x1.fma(w2, b2);
      a3 = x0.fma(w3, a3);
      b3 = x1.fma(w3, b3);
    }
    a0.intoArray(acc, accAt);
    b0.intoArray(acc, accAt + L);
    a1.intoArray(acc, accAt + wide);
    b1.intoArray(acc, accAt + wide + L);
    a2.intoArray(acc, accAt + 2 * wide);
    b2.intoArray(acc, accAt + 2 * wide + L);
    a3.intoArray(acc, accAt + 3 * wide);
    b3.intoArray(acc, accAt + 3 * wide + L);
  }

  private void twoChannels(float[] xp, int q, float[] w, int wAt, float[] acc, int accAt) {
    FloatVector a0 = FloatVector.zero(S);
    FloatVector a1 = a0;
    FloatVector b0 = a0;
    FloatVector b1 = a0;
    for (int t = 0; t < taps; t++) {
      int at = q + tapOffset[t];
      FloatVector x0 = FloatVector.fromArray(S, xp, at);
      FloatVector x1 = FloatVector.fromArray(S, xp, at + L);
      FloatVector w0 = FloatVector.broadcast(S, w[wAt + t]);
      FloatVector w1 = FloatVector.broadcast(S, w[wAt + taps + t]);
      a0 = x0.fma(w0, a0);
      b0 = x1.fma(w0, b0);
      a1 = x0.fma(w1, a1);
      b1 = x1.fma(w1, b1);
    }
    a0.intoArray(acc, accAt);
    b0.intoArray(acc, accAt + L);
    a1.intoArray(acc, accAt + wide);
    b1.intoArray(acc, accAt + wide + L);
  }

  private void oneChannel(float[] xp, int q, float[] w, int wAt, float[] acc, int accAt) {
    FloatVector a = FloatVector.zero(S);
    FloatVector b = a;
    for (int t = 0; t < taps; t++) {
      int at = q + tapOffset[t];
      FloatVector wt = FloatVector.broadcast(S, w[wAt + t]);
      a = FloatVector.fromArray(S, xp, at).fma(wt, a);
      b = FloatVector.fromArray(S, xp, at + L).fma(wt, b);
    }
    a.intoArray(acc, accAt);
    b.intoArray(acc, accAt + L);
  }

  /** The weight gradient of output channels [o0, o1), over every sample in order. */
  private void weightGradientChannels(int worker, int o0, int o1) {
    float[] xp = padded[worker];
    float[] dyWide = wideDy[worker];
    float[] part = partial[worker];
    float[] dy = weight;
    int dyOff = outOff;
    Arrays.fill(part, o0 * taps * L, o1 * taps * L, 0f);
    for (int s = 0; s < count; s++) {
      pad(in, inOff, s, xp);
      for (int oc = o0; oc < o1; oc++) {
        int src = dyOff + (s * outC + oc) * outH * outW;
        for (int oh = 0; oh < outH; oh++) {
          System.arraycopy(dy, src + oh * outW, dyWide, oc * wide + oh * pitch, outW);
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
