package dev.nnet.kernels;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The weight gradient of {@link ImplicitGemm}: dW = dY·colᵀ without the batch's column matrix. Threads own blocks
 * of four rows of it (taps); a block's rows are packed for the whole batch (4 × n·outH·outW floats, which stays in
 * L2) and multiplied with dy, four output channels at a time: eight loads and sixteen FMAs per vector of positions,
 * the 16 accumulators in registers over the whole batch. Planes are read in whole vectors: where outH·outW is not a
 * multiple of the lane count (lenet's 10×10), each plane of the packed rows and of a copy of dy is padded with zeros
 * to one, else dy is read in place.
 *
 * <p>Each (oc, tap) is 16 running sums (lane t takes the positions p ≡ t mod 16 of every sample, samples in order),
 * added in double at the end, and is computed by one thread: the result does not depend on the thread count. It
 * rounds differently from the GEMM path's {@link VectorDotGemm}. The bias gradient is each channel's double sum,
 * sample by sample, as the GEMM path takes it.
 */
final class ImplicitWeightGradient implements Parallel.Task {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();
  private static final int BLOCK = 4;

  private final ConvGeometry g;
  private final int maxBatch;
  private final int plane;
  /** A plane rounded up to whole vectors: where each sample's plane starts in the packed rows and in {@link #dyIn}. */
  private final int stride;
  /** dy with planes {@link #stride} apart (zeros after each), where that differs from dy's own layout. */
  private float[] dyPadded;
  private float[] dyIn;
  private int dyBase;
  private final int taps;
  private final PaddedImage image;
  /** The batch, each sample padded ({@link PaddedImage#span} apart): packed once, read by every block. */
  private float[] batch;
  private boolean padding;
  private float[][] rows;
  /** Per worker: one vector of running sums, stored to be added in double. */
  private float[][] lanes;

  private int count;
  private float[] x;
  private int xOff;
  private float[] dy;
  private int dyOff;
  private float[] dWeight;
  private float[] dBias;
  private boolean accumulate;

  ImplicitWeightGradient(ConvGeometry g, int maxBatch) {
    this.g = g;
    this.maxBatch = maxBatch;
    this.plane = g.outPlane;
    this.stride = (plane + L - 1) / L * L;
    this.taps = g.groupRows;
    this.image = new PaddedImage(g);
  }

  /** Whether the geometry suits: unit strides, one group. */
  static boolean suits(ConvGeometry g) {
    return PaddedImage.suits(g);
  }

  void run(int n, float[] x, int xOff, float[] dy, int dyOff, float[] dWeight, float[] dBias, boolean accumulate) {
    if (rows == null) {
      // a vector of slack: the last row's last copy spills up to a vector past it (PaddedImage.packRow)
      rows = new float[Parallel.poolSize()][BLOCK * maxBatch * stride + L];
      dyPadded = stride == plane ? null : new float[Math.toIntExact((long) maxBatch * g.outChannels * stride)];
      lanes = new float[Parallel.poolSize()][L];
      batch = new float[Math.toIntExact((long) maxBatch * image.span)];
    }
    this.count = n;
    this.x = x;
    this.xOff = xOff;
    this.dy = dy;
    this.dyOff = dyOff;
    this.dyIn = dyPadded == null ? dy : dyPadded;
    this.dyBase = dyPadded == null ? dyOff : 0;
    this.dWeight = dWeight;
    this.dBias = dBias;
    this.accumulate = accumulate;
    try {
      padding = true;
      Parallel.run(this);
      padding = false;
      Parallel.run(this);
    } finally {
      this.x = null;
      this.dy = null;
      this.dyIn = null;
      this.dWeight = null;
      this.dBias = null;
    }
  }

  @Override
  public void run(int worker, int workers) {
    if (padding) {
      int s0 = (int) ((long) count * worker / workers);
      int s1 = (int) ((long) count * (worker + 1) / workers);
      for (int s = s0; s < s1; s++) {
        image.pad(x, xOff, s, batch, s * image.span);
        if (dyPadded != null) {
          for (int oc = 0; oc < g.outChannels; oc++) {
            int at = s * g.outChannels + oc;
            System.arraycopy(dy, dyOff + at * plane, dyPadded, at * stride, plane);
          }
        }
      }
      return;
    }
    int blocks = (taps + BLOCK - 1) / BLOCK;
    int b0 = (int) ((long) blocks * worker / workers);
    int b1 = (int) ((long) blocks * (worker + 1) / workers);
    float[] buffer = rows[worker];
    int ld = count * stride;
    for (int blk = b0; blk < b1; blk++) {
      int k0 = blk * BLOCK;
      int kn = Math.min(BLOCK, taps - k0);
      for (int r = 0; r < kn; r++) {
        for (int s = 0; s < count; s++) {
          int at = r * ld + s * stride;
          image.packRow(batch, s * image.span, k0 + r, buffer, at);
          Arrays.fill(buffer, at + plane, at + stride, 0f); // what the copy spilled past the plane
        }
      }
      int oc = 0;
      if (kn == BLOCK) {
        for (; oc + BLOCK <= g.outChannels; oc += BLOCK) {
          tile4x4(buffer, ld, oc, k0, lanes[worker]);
        }
      }
      for (; oc < g.outChannels; oc++) {
        for (int r = 0; r < kn; r++) {
          single(buffer, r * ld, oc, k0 + r, lanes[worker]);
        }
      }
    }
    if (dBias != null) {
      int c0 = (int) ((long) g.outChannels * worker / workers);
      int c1 = (int) ((long) g.outChannels * (worker + 1) / workers);
      for (int oc = c0; oc < c1; oc++) {
        biasSum(oc);
      }
    }
  }

  /** dW[oc..oc+3][k0..k0+3] from the block's packed rows (row r at {@code col[r·ld]}). */
  private void tile4x4(float[] col, int ld, int oc, int k0, float[] spill) {
    FloatVector c00 = FloatVector.zero(S);
    FloatVector c01 = c00;
    FloatVector c02 = c00;
    FloatVector c03 = c00;
    FloatVector c10 = c00;
    FloatVector c11 = c00;
    FloatVector c12 = c00;
    FloatVector c13 = c00;
    FloatVector c20 = c00;
    FloatVector c21 = c00;
    FloatVector c22 = c00;
    FloatVector c23 = c00;
    FloatVector c30 = c00;
    FloatVector c31 = c00;
    FloatVector c32 = c00;
    FloatVector c33 = c00;
    // one loop over (sample, position): C2 boxed the accumulators of a nested one. j runs along the packed rows,
    // a along dy, which jumps to the next sample's channel oc where a plane ends.
    float[] dy = dyIn;
    int jump = g.outChannels * stride - stride;
    int a = dyBase + oc * stride;
    for (int j = 0, p = 0; j < ld; j += L) {
      FloatVector x0 = FloatVector.fromArray(S, col, j);
      FloatVector x1 = FloatVector.fromArray(S, col, j + ld);
      FloatVector x2 = FloatVector.fromArray(S, col, j + 2 * ld);
      FloatVector x3 = FloatVector.fromArray(S, col, j + 3 * ld);
      {
        FloatVector y = FloatVector.fromArray(S, dy, a);
        c00 = y.fma(x0, c00);
        c01 = y.fma(x1, c01);
        c02 = y.fma(x2, c02);
        c03 = y.fma(x3, c03);
        y = FloatVector.fromArray(S, dy, a + stride);
        c10 = y.fma(x0, c10);
        c11 = y.fma(x1, c11);
        c12 = y.fma(x2, c12);
        c13 = y.fma(x3, c13);
        y = FloatVector.fromArray(S, dy, a + 2 * stride);
        c20 = y.fma(x0, c20);
        c21 = y.fma(x1, c21);
        c22 = y.fma(x2, c22);
        c23 = y.fma(x3, c23);
        y = FloatVector.fromArray(S, dy, a + 3 * stride);
        c30 = y.fma(x0, c30);
        c31 = y.fma(x1, c31);
        c32 = y.fma(x2, c32);
        c33 = y.fma(x3, c33);
      }
      a += L;
      p += L;
      if (p == stride) {
        p = 0;
        a += jump;
      }
    }
    int w = oc * taps + k0;
    store(w, c00, spill);
    store(w + 1, c01, spill);
    store(w + 2, c02, spill);
    store(w + 3, c03, spill);
    w += taps;
    store(w, c10, spill);
    store(w + 1, c11, spill);
    store(w + 2, c12, spill);
    store(w + 3, c13, spill);
    w += taps;
    store(w, c20, spill);
    store(w + 1, c21, spill);
    store(w + 2, c22, spill);
    store(w + 3, c23, spill);
    w += taps;
    store(w, c30, spill);
    store(w + 1, c31, spill);
    store(w + 2, c32, spill);
    store(w + 3, c33, spill);
  }

  /** One (oc, k) pair, the same 16 running sums, for the edges that no whole tile covers. */
  private void single(float[] col, int rowAt, int oc, int k, float[] spill) {
    FloatVector c = FloatVector.zero(S);
    float[] dy = dyIn;
    int jump = g.outChannels * stride - stride;
    int a = dyBase + oc * stride;
    for (int j = 0, p = 0; j < count * stride; j += L) {
      c = FloatVector.fromArray(S, dy, a).fma(FloatVector.fromArray(S, col, rowAt + j), c);
      a += L;
      p += L;
      if (p == stride) {
        p = 0;
        a += jump;
      }
    }
    store(oc * taps + k, c, spill);
  }

  /** Adds the lanes in double, in lane order, then writes (or adds to) the weight gradient element. */
  private void store(int at, FloatVector sums, float[] spill) {
    sums.intoArray(spill, 0);
    double total = 0;
    for (int t = 0; t < L; t++) {
      total += spill[t];
    }
    dWeight[at] = (float) (accumulate ? dWeight[at] + total : total);
  }

  /** dBias[oc] (+)= the sum of dy's channel oc, in double, sample by sample (as the GEMM path sums it). */
  private void biasSum(int oc) {
    double sum = 0;
    for (int s = 0; s < count; s++) {
      int src = dyOff + (s * g.outChannels + oc) * plane;
      for (int p = 0; p < plane; p++) {
        sum += dy[src + p];
      }
    }
    dBias[oc] = (float) (accumulate ? dBias[oc] + sum : sum);
  }
}
