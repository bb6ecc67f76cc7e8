package dev.nnet.kernels;

import java.util.Arrays;

/** Max or average pooling over NCHW with PyTorch semantics (output size incl. ceil_mode; padding is -inf for max;
 *  avg divides by the window size incl. padding when countIncludePad, else by the valid count).
 *
 * <p>Windows follow ATen's CPU kernels: a max window starts its index at its first in-image position and takes a
 * value when it is greater than the current maximum or NaN ({@link MaxWindow}); an average window clipped to the
 * padded image gives the divisor with padding, clipped to the image the divisor without ({@link AvgPooling}).
 * Planes are split among {@link Parallel} threads; each plane has one owner, so results are reproducible. Not for
 * concurrent use.
 */
public final class Pool2d {
  /** Max pooling (with argmax indices for the backward pass) or average pooling. */
  public enum Kind { MAX, AVG }

  private final Kind kind;
  private final int channels;
  private final int height;
  private final int width;
  private final int kernelH;
  private final int kernelW;
  private final int strideH;
  private final int strideW;
  private final int padH;
  private final int padW;
  private final int outHeight;
  private final int outWidth;
  private final AvgPooling avg;
  /**
   * Whether a position can be in two windows (stride under the kernel): then the max gradient adds into dx; else each
   * winner is stored, {@code 0f + g} as the add to the cleared dx gives, without reading dx back.
   */
  private final boolean windowsOverlap;
  /** Max pooling's gradient stored sixteen at a time with {@link VectorMaxScatter} (windows that do not overlap). */
  private final boolean vectorScatter;
  private final PoolTask task = new PoolTask();
  /** Max pooling with the Vector API: per tap in window order, per output, the position it reads; else null. */
  private final int[][] tapIndex;
  /** max_pool2d(2) with the Vector API (2×2 windows, stride 2, all inside the image); else null. */
  private final VectorTwoByTwoPool twoByTwoVector;

  public Pool2d(Kind kind, int channels, int height, int width, int kernelH, int kernelW, int strideH, int strideW,
                int padH, int padW, boolean ceilMode, boolean countIncludePad) {
    this(kind, channels, height, width, kernelH, kernelW, strideH, strideW, padH, padW, ceilMode, countIncludePad,
        MicroKernel.VECTOR);
  }

  /** With {@code vector} false, pooling keeps to the scalar loops (benchmarks and tests compare the two). */
  Pool2d(Kind kind, int channels, int height, int width, int kernelH, int kernelW, int strideH, int strideW,
         int padH, int padW, boolean ceilMode, boolean countIncludePad, boolean vector) {
    if (kind == null) {
      throw new KernelArgumentException("Pool2d: kind is null; pass Pool2d.Kind.MAX or Pool2d.Kind.AVG");
    }
    Checks.positive("Pool2d", "channels", channels);
    Checks.positive("Pool2d", "height", height);
    Checks.positive("Pool2d", "width", width);
    Checks.positive("Pool2d", "kernelH", kernelH);
    Checks.positive("Pool2d", "kernelW", kernelW);
    Checks.positive("Pool2d", "strideH", strideH);
    Checks.positive("Pool2d", "strideW", strideW);
    Checks.nonNegative("Pool2d", "padH", padH);
    Checks.nonNegative("Pool2d", "padW", padW);
    this.kind = kind;
    this.channels = channels;
    this.height = height;
    this.width = width;
    this.kernelH = kernelH;
    this.kernelW = kernelW;
    this.strideH = strideH;
    this.strideW = strideW;
    this.padH = padH;
    this.padW = padW;
    this.outHeight = outputSize("height", height, kernelH, strideH, padH, ceilMode);
    this.outWidth = outputSize("width", width, kernelW, strideW, padW, ceilMode);
    this.windowsOverlap = strideH < kernelH || strideW < kernelW;
    this.avg = kind == Kind.AVG ? new AvgPooling(height, width, outHeight, outWidth, kernelH, kernelW, strideH,
        strideW, padH, padW, countIncludePad, vector && MicroKernel.VECTOR) : null;
    int lanes = vector && MicroKernel.VECTOR && kind == Kind.MAX ? VectorMaxPool.lanes() : 0;
    this.twoByTwoVector = lanes > 0 && twoByTwo() && VectorTwoByTwoPool.fits(outWidth)
        ? new VectorTwoByTwoPool(height, width, outHeight, outWidth) : null;
    this.vectorScatter = lanes > 0 && !windowsOverlap;
    int outPlane = outHeight * outWidth;
    this.tapIndex = lanes > 0 && twoByTwoVector == null && outPlane >= lanes ? tapIndex(outPlane) : null;
  }

  /** {@link VectorMaxPool}'s map: a tap outside the image reads the first position of its window inside it. */
  private int[][] tapIndex(int outPlane) {
    int[][] index = new int[kernelH * kernelW][outPlane];
    for (int o = 0; o < outPlane; o++) {
      int h0 = o / outWidth * strideH - padH;
      int w0 = o % outWidth * strideW - padW;
      int first = Math.max(h0, 0) * width + Math.max(w0, 0);
      for (int t = 0; t < index.length; t++) {
        int h = h0 + t / kernelW;
        int w = w0 + t % kernelW;
        index[t][o] = h >= 0 && h < height && w >= 0 && w < width ? h * width + w : first;
      }
    }
    return index;
  }

  /** Output height by PyTorch's rule, ceil mode included. */
  public int outHeight() {
    return outHeight;
  }

  /** Output width by PyTorch's rule, ceil mode included. */
  public int outWidth() {
    return outWidth;
  }

  /** For MAX, indices (may be null for inference) receives, per output element, the flat index h*W+w of the max
   *  within its input plane; the first maximum in window order wins, NaN propagates as in PyTorch. */
  public void forward(int n, float[] x, int xOff, float[] y, int yOff, int[] indices) {
    forward(n, x, xOff, y, yOff, indices, false);
  }

  /** With {@code relu}, max pooling writes {@code Math.max(0f, max)} (ReLU after pooling, which equals pooling
   *  after ReLU), each plane while it is in cache; the indices stay those of the maximum before the ReLU. */
  public void forward(int n, float[] x, int xOff, float[] y, int yOff, int[] indices, boolean relu) {
    Checks.nonNegative("Pool2d.forward", "n", n);
    if (relu && kind != Kind.MAX) {
      throw new KernelArgumentException("Pool2d.forward: a fused ReLU needs max pooling; apply it after average "
          + "pooling instead");
    }
    long planes = (long) n * channels;
    Checks.span("Pool2d.forward", "x", x, xOff, planes * height * width);
    Checks.span("Pool2d.forward", "y", y, yOff, planes * outHeight * outWidth);
    if (indices != null) {
      Checks.span("Pool2d.forward", "indices", indices, 0, planes * outHeight * outWidth);
    }
    task.start(true, (int) planes, x, xOff, y, yOff, indices, relu, null, 0, null, 0);
  }

  /** Overwrites dx. MAX uses the indices of the matching forward; AVG needs none (pass null). */
  public void backward(int n, float[] dy, int dyOff, int[] indices, float[] dx, int dxOff) {
    backward(n, dy, dyOff, indices, dx, dxOff, null, 0);
  }

  /**
   * The gradient through a max pooling with a fused ReLU: when {@code y} (that forward's output) is non-null, dy
   * counts only where y is positive, with relu_grad's sign mask, before the scatter. MAX only.
   */
  public void backward(int n, float[] dy, int dyOff, int[] indices, float[] dx, int dxOff, float[] y, int yOff) {
    backward(n, dy, dyOff, null, 0, indices, dx, dxOff, y, yOff);
  }

  /**
   * As above, with a second gradient {@code dyAdd} (may be null) of dy's shape added to dy first, per element, as
   * {@code dy + dyAdd}: the gradient of a pooled value that two paths use, summed in the scatter. MAX only.
   */
  public void backward(int n, float[] dy, int dyOff, float[] dyAdd, int dyAddOff, int[] indices, float[] dx,
                       int dxOff, float[] y, int yOff) {
    Checks.nonNegative("Pool2d.backward", "n", n);
    if (dyAdd != null) {
      if (kind != Kind.MAX) {
        throw new KernelArgumentException("Pool2d.backward: a second dy needs max pooling; add it to dy first");
      }
      Checks.span("Pool2d.backward", "dyAdd", dyAdd, dyAddOff, (long) n * channels * outHeight * outWidth);
    }
    if (y != null) {
      if (kind != Kind.MAX) {
        throw new KernelArgumentException("Pool2d.backward: a fused ReLU needs max pooling; pass y = null");
      }
      Checks.span("Pool2d.backward", "y", y, yOff, (long) n * channels * outHeight * outWidth);
    }
    long planes = (long) n * channels;
    Checks.span("Pool2d.backward", "dy", dy, dyOff, planes * outHeight * outWidth);
    Checks.span("Pool2d.backward", "dx", dx, dxOff, planes * height * width);
    if (kind == Kind.MAX) {
      if (indices == null) {
        throw new KernelArgumentException("Pool2d.backward: max pooling needs the indices its forward call "
            + "filled; pass that array instead of null");
      }
      Checks.span("Pool2d.backward", "indices", indices, 0, planes * outHeight * outWidth);
    }
    task.start(false, (int) planes, dx, dxOff, dy, dyOff, indices, false, y, yOff, dyAdd, dyAddOff);
  }

  // ATen's pooling_output_shape with dilation 1: in ceil mode a last window must start inside image or left pad.
  private static int outputSize(String dim, int size, int kernel, int stride, int pad, boolean ceilMode) {
    if (pad > kernel / 2) {
      throw new KernelArgumentException("Pool2d: padding " + pad + " along " + dim + " is more than half the kernel "
          + kernel + "; PyTorch requires pad <= kernel / 2");
    }
    long numerator = (long) size + 2L * pad - kernel + (ceilMode ? stride - 1 : 0);
    if (numerator < 0) {
      throw new KernelArgumentException("Pool2d: the input " + dim + " " + size + " with padding " + pad
          + " is smaller than the kernel " + kernel + "; use a smaller kernel or more padding");
    }
    long out = numerator / stride + 1;
    if (ceilMode && (out - 1) * stride >= size + pad) {
      out--;
    }
    return (int) out;
  }

  private void maxPlane(float[] x, int xp, float[] y, int yp, int[] indices, int ip) {
    if (tapIndex != null) {
      maxPlaneVectors(x, xp, y, yp, indices, ip);
      return;
    }
    if (twoByTwo()) {
      maxPlaneTwoByTwo(x, xp, y, yp, indices, ip);
      return;
    }
    for (int oh = 0; oh < outHeight; oh++) {
      int h0 = oh * strideH - padH;
      int h1 = Math.min(h0 + kernelH, height);
      h0 = Math.max(h0, 0);
      for (int ow = 0; ow < outWidth; ow++) {
        int w0 = ow * strideW - padW;
        int w1 = Math.min(w0 + kernelW, width);
        w0 = Math.max(w0, 0);
        int at = MaxWindow.of(x, xp, width, h0, h1, w0, w1);
        int o = oh * outWidth + ow;
        y[yp + o] = x[xp + at];
        if (indices != null) {
          indices[ip + o] = at;
        }
      }
    }
  }

  /** max_pool2d(2): 2×2 windows at stride 2 without padding, every one inside the image (no partial ceil mode). */
  private boolean twoByTwo() {
    return kernelH == 2 && kernelW == 2 && strideH == 2 && strideW == 2 && padH == 0 && padW == 0
        && 2 * outHeight <= height && 2 * outWidth <= width;
  }

  /** Whole vectors of outputs with {@link VectorMaxPool}; the rest (NaN or infinity, the tail) by scalar. */
  private void maxPlaneVectors(float[] x, int xp, float[] y, int yp, int[] indices, int ip) {
    int lanes = VectorMaxPool.lanes();
    int outPlane = outHeight * outWidth;
    int o = 0;
    for (; o + lanes <= outPlane; o += lanes) {
      if (!VectorMaxPool.outputs(x, xp, tapIndex, o, y, yp, indices, ip)) {
        maxOutputs(x, xp, y, yp, indices, ip, o, o + lanes);
      }
    }
    maxOutputs(x, xp, y, yp, indices, ip, o, outPlane);
  }

  /** Outputs [from, to) of a plane, one window at a time. */
  private void maxOutputs(float[] x, int xp, float[] y, int yp, int[] indices, int ip, int from, int to) {
    for (int o = from; o < to; o++) {
      int h0 = o / outWidth * strideH - padH;
      int h1 = Math.min(h0 + kernelH, height);
      h0 = Math.max(h0, 0);
      int w0 = o % outWidth * strideW - padW;
      int w1 = Math.min(w0 + kernelW, width);
      w0 = Math.max(w0, 0);
      int at = MaxWindow.of(x, xp, width, h0, h1, w0, w1);
      y[yp + o] = x[xp + at];
      if (indices != null) {
        indices[ip + o] = at;
      }
    }
  }

  /** max_pool2d(2): every window is a full 2×2 block, so the loop needs no clipping. */
  private void maxPlaneTwoByTwo(float[] x, int xp, float[] y, int yp, int[] indices, int ip) {
    for (int oh = 0, o = 0; oh < outHeight; oh++) {
      for (int ow = 0, at = 2 * oh * width; ow < outWidth; ow++, o++, at += 2) {
        int best = MaxWindow.ofTwoByTwo(x, xp, at, width);
        y[yp + o] = x[xp + best];
        if (indices != null) {
          indices[ip + o] = best;
        }
      }
    }
  }

  private void maxPlaneBackward(float[] dy, int yp, int[] indices, int ip, float[] dx, int xp) {
    Arrays.fill(dx, xp, xp + height * width, 0f);
    int outPlane = outHeight * outWidth;
    for (int o = 0; o < outPlane; o++) {
      int at = xp + indices[ip + o];
      dx[at] = windowsOverlap ? dx[at] + dy[yp + o] : 0f + dy[yp + o];
    }
  }

  /**
   * As above with dy + dyAdd when dyAdd is non-null, and masked where the fused ReLU's output {@code y} is not
   * positive when y is non-null (bits(dy) & -bits(y) >> 31, the generated relu_grad's mask: y is a ReLU output, never
   * negative).
   */
  private void maxPlaneBackwardFused(float[] dy, int yp, float[] dyAdd, int ap, float[] y, int mp, int[] indices,
                                     int ip, float[] dx, int xp) {
    Arrays.fill(dx, xp, xp + height * width, 0f);
    int outPlane = outHeight * outWidth;
    int o = 0;
    if (vectorScatter) {
      o = VectorMaxScatter.plane(dy, yp, dyAdd != null ? dyAdd : dy, dyAdd != null ? ap : yp, dyAdd != null ? -1 : 0,
          y != null ? y : dy, y != null ? mp : yp, y != null ? 0 : -1, indices, ip, dx, xp, outPlane);
    }
    for (; o < outPlane; o++) {
      float g = dyAdd == null ? dy[yp + o] : dy[yp + o] + dyAdd[ap + o];
      int mask = y == null ? -1 : -Float.floatToRawIntBits(y[mp + o]) >> 31;
      int at = xp + indices[ip + o];
      float masked = Float.intBitsToFloat(Float.floatToRawIntBits(g) & mask);
      dx[at] = windowsOverlap ? dx[at] + masked : 0f + masked;
    }
  }

  /** The fused ReLU of one pooled plane, as the generated relu loop writes it. */
  private static void reluPlane(float[] y, int yp, int count) {
    for (int o = yp; o < yp + count; o++) {
      y[o] = Math.max(0f, y[o]);
    }
  }

  /** Forward or backward over a range of planes per worker; one reusable instance per layer. */
  private final class PoolTask implements Parallel.Task {
    private boolean forward;
    private int planes;
    private float[] in;
    private int inOff;
    private float[] out;
    private int outOff;
    private int[] indices;
    private boolean relu;
    private float[] mask;
    private int maskOff;
    private float[] add;
    private int addOff;

    /**
     * Forward reads {@code in} (x) and writes {@code out} (y), then ReLU if {@code relu}; backward writes {@code in}
     * (dx) from {@code out} (plus {@code add} when non-null), masked by the fused ReLU's output {@code mask} when
     * non-null.
     */
    void start(boolean forward, int planes, float[] in, int inOff, float[] out, int outOff, int[] indices,
               boolean relu, float[] mask, int maskOff, float[] add, int addOff) {
      this.forward = forward;
      this.planes = planes;
      this.in = in;
      this.inOff = inOff;
      this.out = out;
      this.outOff = outOff;
      this.indices = indices;
      this.relu = relu;
      this.mask = mask;
      this.maskOff = maskOff;
      this.add = add;
      this.addOff = addOff;
      try {
        Parallel.run(this);
      } finally {
        this.in = null;
        this.out = null;
        this.indices = null;
        this.mask = null;
        this.add = null;
      }
    }

    @Override
    public void run(int worker, int workers) {
      int p0 = (int) ((long) planes * worker / workers);
      int p1 = (int) ((long) planes * (worker + 1) / workers);
      int inPlane = height * width;
      int outPlane = outHeight * outWidth;
      if (forward && twoByTwoVector != null) {
        twoByTwoVector.planes(in, inOff, p0, p1, out, outOff, indices, 0, relu);
        return;
      }
      for (int p = p0; p < p1; p++) {
        int xp = inOff + p * inPlane;
        int yp = outOff + p * outPlane;
        if (forward && kind == Kind.MAX) {
          maxPlane(in, xp, out, yp, indices, p * outPlane);
          if (relu) {
            reluPlane(out, yp, outPlane);
          }
        } else if (forward) {
          avg.forward(worker, in, xp, out, yp);
        } else if (kind == Kind.MAX && (mask != null || add != null || vectorScatter)) {
          maxPlaneBackwardFused(out, yp, add, addOff + p * outPlane, mask, maskOff + p * outPlane, indices,
              p * outPlane, in, xp);
        } else if (kind == Kind.MAX) {
          maxPlaneBackward(out, yp, indices, p * outPlane, in, xp);
        } else {
          avg.backward(worker, out, yp, in, xp);
        }
      }
    }
  }
}
