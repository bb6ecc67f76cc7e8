package dev.nnet.kernels;

import java.util.Arrays;

/**
 * Average pooling of one plane, separably: first the sums of each window's columns along every input row, then
 * those row sums added down each window's rows, then the division. Looping over taps outside and output columns
 * inside keeps the inner loops as long as an output row instead of a kernel width, which is where the time went.
 * The divisor follows ATen (window clipped to the padded image with count_include_pad, to the image without); only
 * the order of the additions differs from ATen's row-major window order, by rounding.
 *
 * <p>Scratch rows are per worker thread and allocated here, so passes allocate nothing. Stride 1 keeping the size
 * (inception's avg_pool2d(3, 1, 1)) runs on {@link VectorAvgPool} when the Vector API is on, with the same sums.
 */
final class AvgPooling {
  private final int height;
  private final int width;
  private final int outHeight;
  private final int outWidth;
  private final int kernelH;
  private final int kernelW;
  private final int strideH;
  private final int strideW;
  private final int padH;
  private final int padW;
  /** For tap kw, output columns [owFirst[kw], owEnd[kw]) read inside the image; likewise rows for tap kh. */
  private final int[] owFirst;
  private final int[] owEnd;
  private final int[] ohFirst;
  private final int[] ohEnd;
  /** 1 / divisor of each output position, or 0 for a window that misses the image entirely. */
  private final float[] inverse;
  /** Per worker: row sums [height × outWidth], and the scaled output gradient [outHeight × outWidth]. */
  private final float[][] rowSums;
  private final float[][] scaled;
  /** Stride 1 keeping the size, with the Vector API: the same sums, vectorised; else null. */
  private final VectorAvgPool vector;

  AvgPooling(int height, int width, int outHeight, int outWidth, int kernelH, int kernelW, int strideH, int strideW,
      int padH, int padW, boolean countIncludePad, boolean vector) {
    this.height = height;
    this.width = width;
    this.outHeight = outHeight;
    this.outWidth = outWidth;
    this.kernelH = kernelH;
    this.kernelW = kernelW;
    this.strideH = strideH;
    this.strideW = strideW;
    this.padH = padH;
    this.padW = padW;
    this.owFirst = new int[kernelW];
    this.owEnd = new int[kernelW];
    tapRanges(kernelW, strideW, padW, width, outWidth, owFirst, owEnd);
    this.ohFirst = new int[kernelH];
    this.ohEnd = new int[kernelH];
    tapRanges(kernelH, strideH, padH, height, outHeight, ohFirst, ohEnd);
    this.inverse = new float[outHeight * outWidth];
    for (int oh = 0; oh < outHeight; oh++) {
      int h0 = oh * strideH - padH;
      int h1 = Math.min(h0 + kernelH, height + padH);
      int rowsInside = Math.min(h1, height) - Math.max(h0, 0);
      for (int ow = 0; ow < outWidth; ow++) {
        int w0 = ow * strideW - padW;
        int w1 = Math.min(w0 + kernelW, width + padW);
        int colsInside = Math.min(w1, width) - Math.max(w0, 0);
        int divisor = countIncludePad ? (h1 - h0) * (w1 - w0) : rowsInside * colsInside;
        inverse[oh * outWidth + ow] = rowsInside <= 0 || colsInside <= 0 ? 0f : 1f / divisor;
      }
    }
    int workers = Parallel.poolSize();
    this.vector = vector && VectorAvgPool.fits(kernelH, kernelW, strideH, strideW, padH, padW)
        ? new VectorAvgPool(height, width, padH, padW, inverse, workers) : null;
    this.rowSums = this.vector == null ? new float[workers][height * outWidth] : null;
    this.scaled = this.vector == null ? new float[workers][outHeight * outWidth] : null;
  }

  /** y[yp..] = average of each window of the plane at x[xp..]. */
  void forward(int worker, float[] x, int xp, float[] y, int yp) {
    if (vector != null) {
      vector.forward(worker, x, xp, y, yp);
      return;
    }
    float[] rs = rowSums[worker];
    Arrays.fill(rs, 0f);
    for (int h = 0; h < height; h++) {
      int r = h * outWidth;
      int src = xp + h * width - padW;
      for (int kw = 0; kw < kernelW; kw++) {
        for (int ow = owFirst[kw]; ow < owEnd[kw]; ow++) {
          rs[r + ow] += x[src + ow * strideW + kw];
        }
      }
    }
    Arrays.fill(y, yp, yp + outHeight * outWidth, 0f);
    for (int kh = 0; kh < kernelH; kh++) {
      for (int oh = ohFirst[kh]; oh < ohEnd[kh]; oh++) {
        int r = (oh * strideH - padH + kh) * outWidth;
        int d = yp + oh * outWidth;
        for (int ow = 0; ow < outWidth; ow++) {
          y[d + ow] += rs[r + ow];
        }
      }
    }
    for (int o = 0; o < outHeight * outWidth; o++) {
      y[yp + o] *= inverse[o];
    }
  }

  /** Overwrites dx[xp..] with each window's share of dy[yp..], the adjoint of {@link #forward}. */
  void backward(int worker, float[] dy, int yp, float[] dx, int xp) {
    if (vector != null) {
      vector.backward(worker, dy, yp, dx, xp);
      return;
    }
    float[] g = scaled[worker];
    for (int o = 0; o < outHeight * outWidth; o++) {
      g[o] = dy[yp + o] * inverse[o];
    }
    float[] rs = rowSums[worker];
    Arrays.fill(rs, 0f);
    for (int kh = 0; kh < kernelH; kh++) {
      for (int oh = ohFirst[kh]; oh < ohEnd[kh]; oh++) {
        int r = (oh * strideH - padH + kh) * outWidth;
        int s = oh * outWidth;
        for (int ow = 0; ow < outWidth; ow++) {
          rs[r + ow] += g[s + ow];
        }
      }
    }
    Arrays.fill(dx, xp, xp + height * width, 0f);
    for (int h = 0; h < height; h++) {
      int r = h * outWidth;
      int dst = xp + h * width - padW;
      for (int kw = 0; kw < kernelW; kw++) {
        for (int ow = owFirst[kw]; ow < owEnd[kw]; ow++) {
          dx[dst + ow * strideW + kw] += rs[r + ow];
        }
      }
    }
  }

  /** For each tap t, the outputs o with 0 <= o*stride - pad + t < size. */
  private static void tapRanges(int kernel, int stride, int pad, int size, int outSize, int[] first, int[] end) {
    for (int t = 0; t < kernel; t++) {
      int shift = t - pad;
      first[t] = Math.min(outSize, Math.max(0, -Math.floorDiv(shift, stride)));
      end[t] = Math.max(first[t], Math.min(outSize, Math.floorDiv(size - 1 - shift, stride) + 1));
    }
  }
}
