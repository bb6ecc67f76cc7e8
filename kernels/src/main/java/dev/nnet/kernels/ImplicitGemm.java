package dev.nnet.kernels;

/**
 * Convolution as an implicit GEMM: the column matrix is never built. Each sample's panel of it (K = inC·kH·kW rows
 * × outH·outW columns, 100 KiB for a 16-channel 5×5 layer on 8×8 outputs, so it stays in L2) is packed straight
 * from the image, and {@link VectorMicroKernel} multiplies it with registers holding a 4-row × 4-vector tile. With
 * unit strides the sample is first copied into a zero-padded buffer ({@link PaddedImage}), and a panel row is then
 * one vector copy per output row; other strides pack with {@link Im2col}'s row copies.
 *
 * <p>Forward: panel = im2col(x_s), sums = W·panel, y_s = act(sums + bias) written straight into NCHW (for one
 * sample, row oc of the product is plane oc of y). Data gradient: panel = Wᵀ·dy_s, with dy_s read in place (its
 * planes are the rows of B), then col2im of the panel into dx_s ({@link Im2col#col2im}). Every element is the GEMM
 * path's own chain of fused multiply-adds, and the panel holds exactly the column matrix's values, so results equal
 * im2col + GEMM bit for bit; what goes is the batch's column matrix (4–6.5 MiB for the MNIST layers) written to
 * and read back from memory, and the copies between NCHW and the chunk layout. {@link ImplicitWeightGradient} is
 * the weight gradient.
 *
 * <p>Samples are split among {@link Parallel} threads; each writes only its own samples' y or dx, so the result
 * does not depend on the thread count. One group; any stride, padding and dilation. Only loaded with
 * {@code --add-modules jdk.incubator.vector}. Not for concurrent use; allocates its workspaces on first use.
 */
final class ImplicitGemm implements Parallel.Task {
  private static final int MR = MicroKernel.MR;

  private final ConvGeometry g;
  /** Rows of the column matrix (K), and K and outC rounded up to whole tiles of {@link MicroKernel#MR} rows. */
  private final int taps;
  private final int tapRows;
  private final int channelRows;
  private final int plane;
  /** Where a panel starts in its array: col2im's shifted vector loads reach this far before it. */
  private final int panelStart;
  /** W (forward) or Wᵀ (data gradient) packed as the micro-kernel's A, zero rows up to a whole tile. */
  private final float[] packedW;
  private final float[] packedWT;
  /** Unit strides: the sample padded once, then rows copied as whole vectors; else {@link Im2col}'s row copies. */
  private final PaddedImage image;
  private float[][] panels;
  private float[][] sums;
  private float[][] spill;
  /** Per worker, with {@link #image}: the padded sample (forward). */
  private float[][] padded;

  private boolean data;
  private float[] in;
  private int inOff;
  private float[] bias;
  private float[] out;
  private int outOff;
  private Activation act;
  /** Added after the bias and before the activation (same layout as out), or null. */
  private float[] residual;
  private int residualOff;
  private int count;

  ImplicitGemm(ConvGeometry g) {
    this.g = g;
    this.taps = g.groupRows;
    this.tapRows = (taps + MR - 1) / MR * MR;
    this.channelRows = (g.outChannels + MR - 1) / MR * MR;
    this.plane = g.outPlane;
    this.panelStart = g.padW + (g.kernelW - 1) * g.dilationW;
    this.packedW = new float[channelRows * taps];
    this.packedWT = new float[tapRows * g.outChannels];
    this.image = PaddedImage.suits(g) ? new PaddedImage(g) : null;
  }

  /** y = act(conv(x, weight) + bias); bias may be null. */
  void forward(int n, float[] x, int xOff, float[] weight, float[] bias, float[] y, int yOff, Activation act) {
    forward(n, x, xOff, weight, bias, null, 0, y, yOff, act);
  }

  /** y = act(conv(x, weight) + bias + residual); bias and residual may be null. */
  void forward(int n, float[] x, int xOff, float[] weight, float[] bias, float[] r, int rOff, float[] y, int yOff,
      Activation act) {
    allocate();
    Packing.packA(false, weight, 0, taps, 0, g.outChannels, 0, taps, packedW);
    this.residual = r;
    this.residualOff = rOff;
    try {
      start(false, n, x, xOff, bias, y, yOff, act);
    } finally {
      this.residual = null;
    }
  }

  /** dx = the gradient of the input (overwritten). */
  void backwardData(int n, float[] dy, int dyOff, float[] weight, float[] dx, int dxOff) {
    allocate();
    Packing.packA(true, weight, 0, taps, 0, taps, 0, g.outChannels, packedWT);
    start(true, n, dy, dyOff, null, dx, dxOff, Activation.NONE);
  }

  private void start(boolean data, int n, float[] in, int inOff, float[] bias, float[] out, int outOff,
      Activation act) {
    this.data = data;
    this.count = n;
    this.in = in;
    this.inOff = inOff;
    this.bias = bias;
    this.out = out;
    this.outOff = outOff;
    this.act = act;
    try {
      Parallel.run(this);
    } finally {
      this.in = null;
      this.bias = null;
      this.out = null;
    }
  }

  private void allocate() {
    if (panels == null) {
      int workers = Parallel.poolSize();
      panels = new float[workers][panelStart + tapRows * plane + VectorRows.lanes()];
      sums = new float[workers][channelRows * plane];
      spill = new float[workers][VectorRows.lanes()];
      if (image != null) {
        padded = new float[workers][image.span];
      }
    }
  }

  @Override
  public void run(int worker, int workers) {
    int s0 = (int) ((long) count * worker / workers);
    int s1 = (int) ((long) count * (worker + 1) / workers);
    for (int s = s0; s < s1; s++) {
      if (data) {
        dataSample(worker, s);
      } else {
        forwardSample(worker, s);
      }
    }
  }

  private void forwardSample(int worker, int s) {
    float[] panel = panels[worker];
    float[] acc = sums[worker];
    if (image != null) {
      float[] buffer = padded[worker];
      image.pad(in, inOff, s, buffer, 0);
      for (int row = 0; row < taps; row++) {
        image.packRow(buffer, 0, row, panel, panelStart + row * plane);
      }
    } else {
      for (int row = 0; row < taps; row++) {
        Im2col.im2colRow(g, in, inOff, s, 1, row, panel, panelStart, plane);
      }
    }
    VectorMicroKernel.runInto(packedW, panel, panelStart, plane, acc, 0, plane, channelRows, taps, plane);
    // rounded as Epilogue.storeRow rounds (alpha 1, beta 0): the sum, plus the bias, the residual, the activation
    for (int oc = 0; oc < g.outChannels; oc++) {
      int dst = outOff + (s * g.outChannels + oc) * plane;
      int src = oc * plane;
      if (bias == null) {
        System.arraycopy(acc, src, out, dst, plane);
      } else {
        float b = bias[oc];
        for (int p = 0; p < plane; p++) {
          out[dst + p] = acc[src + p] + b;
        }
      }
      if (residual == null) {
        act.applyInPlace(out, dst, plane);
      }
    }
    if (residual != null) { // one sweep of the sample: small planes (4x4) cost more in calls than in adds
      int sample = g.outChannels * plane;
      Epilogue.addResidual(out, outOff + s * sample, sample, residual, residualOff + s * sample, act);
    }
  }

  private void dataSample(int worker, int s) {
    float[] panel = panels[worker];
    VectorMicroKernel.runInto(packedWT, in, inOff + s * g.outChannels * plane, plane, panel, panelStart, plane,
        tapRows, g.outChannels, plane);
    for (int c = 0; c < g.inChannels; c++) {
      Im2col.col2im(g, panel, plane, panelStart, c, out, outOff + (s * g.inChannels + c) * g.inPlane,
          spill[worker]);
    }
  }
}
