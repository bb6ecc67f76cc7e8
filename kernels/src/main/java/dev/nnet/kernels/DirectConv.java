package dev.nnet.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Direct convolution with the Vector API for unit strides and one group: no column matrix. Each sample's input
 * planes are copied into a zero-padded buffer of pitch {@code Wp = W + 2·padW}; output position (oh, ow) is then
 * "wide" position {@code q = oh·Wp + ow}, and tap (c, kh, kw) reads the buffer at q plus a constant, so a vector of
 * consecutive q is one load per tap whatever the row width (the lanes at ow ≥ outW are computed and dropped).
 *
 * <p>Blocks of 4 (then 2, 1) output channels × 2 vectors of positions accumulate over every (c, kh, kw) tap, 2
 * loads and 4 broadcasts per 8 FMAs; samples are split among {@link Parallel} threads. {@link DirectWeightGradient}
 * is the weight gradient on the same layout.
 *
 * <p>Only loaded with {@code --add-modules jdk.incubator.vector} ({@link MicroKernel#VECTOR}). Not for concurrent
 * use; allocates its workspaces on first use and never again.
 */
final class DirectConv implements Parallel.Task {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();

  final int inC;
  private final int height;
  private final int width;
  final int outC;
  private final int padH;
  private final int padW;
  final int outH;
  final int outW;
  /** Padded pitch, padded plane, and one sample's padded planes plus the slack the last vector reads. */
  final int pitch;
  private final int paddedPlane;
  final int sampleSpan;
  /** Wide positions computed per output plane: a whole number of pairs of vectors. */
  final int wide;
  /** Taps per output channel (inC·kH·kW), and each tap's offset in the padded sample, in weight order. */
  final int taps;
  final int[] tapOffset;

  private float[][] padded;
  private float[][] wideOut;

  private int count;
  private float[] in;
  private int inOff;
  private float[] weight;
  private float[] bias;
  private float[] out;
  private int outOff;
  private Activation act;
  /** Added after the bias and before the activation (same layout as out), or null. */
  private float[] residual;
  private int residualOff;

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
    forward(n, x, xOff, w, b, null, 0, y, yOff, act);
  }

  /** y = act(conv(x, weight) + bias + residual); bias and residual may be null. */
  void forward(int n, float[] x, int xOff, float[] w, float[] b, float[] r, int rOff, float[] y, int yOff,
      Activation act) {
    allocate();
    this.residual = r;
    this.residualOff = rOff;
    try {
      start(n, x, xOff, w, b, y, yOff, act);
    } finally {
      this.residual = null;
    }
  }

  private void start(int n, float[] in, int inOff, float[] weight, float[] bias, float[] out, int outOff,
      Activation act) {
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
    }
  }

  @Override
  public void run(int worker, int workers) {
    int s0 = (int) ((long) count * worker / workers);
    int s1 = (int) ((long) count * (worker + 1) / workers);
    for (int s = s0; s < s1; s++) {
      forwardSample(worker, s);
    }
  }

  /** Copies sample s's planes into the padded buffer (its padding and slack stay zero). */
  void pad(float[] x, int xOff, int s, float[] buffer) {
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
      if (residual == null) {
        act.applyInPlace(out, dst, outH * outW);
      }
    }
    if (residual != null) { // one sweep of the sample: small planes (4x4) cost more in calls than in adds
      int sample = outC * outH * outW;
      Epilogue.addResidual(out, outOff + s * sample, sample, residual, residualOff + s * sample, act);
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

}
