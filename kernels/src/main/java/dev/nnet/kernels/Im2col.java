package dev.nnet.kernels;

import java.util.Arrays;

/**
 * Conversions between an NCHW image and the column matrix a convolution multiplies by its weights.
 *
 * <p>The column matrix of a batch of samples has one row per (channel, kh, kw) tap and one column per (sample,
 * output position): element {@code col[row*ld + s*outPlane + oh*outW + ow]} is the input value that tap reads for
 * that output, or 0 in the padding. Rows of a group are contiguous, so group g's rows start at
 * {@code g * groupRows}. Both directions work one (sample, channel) plane at a time, which is the unit of work
 * threads split.
 */
final class Im2col {
  private Im2col() {}

  /**
   * Fills the kH×kW rows of channel {@code c} for one sample: reads the plane at {@code x[xPlane]}, writes columns
   * {@code [colOff, colOff + outPlane)} of each row, {@code ld} apart.
   */
  static void im2col(ConvGeometry g, float[] x, int xPlane, int c, float[] col, int ld, int colOff) {
    int outW = g.outWidth;
    for (int kh = 0; kh < g.kernelH; kh++) {
      int ohFirst = g.ohFirst[kh];
      int ohEnd = g.ohEnd[kh];
      for (int kw = 0; kw < g.kernelW; kw++) {
        int row = (c * g.kernelH + kh) * g.kernelW + kw;
        int base = row * ld + colOff;
        int owFirst = g.owFirst[kw];
        int owEnd = g.owEnd[kw];
        int colShift = kw * g.dilationW - g.padW;
        Arrays.fill(col, base, base + ohFirst * outW, 0f);
        for (int oh = ohFirst; oh < ohEnd; oh++) {
          int d = base + oh * outW;
          int src = xPlane + (oh * g.strideH - g.padH + kh * g.dilationH) * g.width + colShift;
          Arrays.fill(col, d, d + owFirst, 0f);
          if (g.strideW == 1) {
            System.arraycopy(x, src + owFirst, col, d + owFirst, owEnd - owFirst);
          } else {
            for (int ow = owFirst; ow < owEnd; ow++) {
              col[d + ow] = x[src + ow * g.strideW];
            }
          }
          Arrays.fill(col, d + owEnd, d + outW, 0f);
        }
        Arrays.fill(col, base + ohEnd * outW, base + g.outPlane, 0f);
      }
    }
  }

  /**
   * The adjoint of {@link #im2col}: overwrites the plane at {@code dx[dxPlane]} with the sum of every column
   * element that reads each input position, added in (kh, kw, oh, ow) order.
   */
  static void col2im(ConvGeometry g, float[] col, int ld, int colOff, int c, float[] dx, int dxPlane) {
    Arrays.fill(dx, dxPlane, dxPlane + g.inPlane, 0f);
    int outW = g.outWidth;
    for (int kh = 0; kh < g.kernelH; kh++) {
      int ohEnd = g.ohEnd[kh];
      for (int kw = 0; kw < g.kernelW; kw++) {
        int row = (c * g.kernelH + kh) * g.kernelW + kw;
        int base = row * ld + colOff;
        int owFirst = g.owFirst[kw];
        int owEnd = g.owEnd[kw];
        int colShift = kw * g.dilationW - g.padW;
        for (int oh = g.ohFirst[kh]; oh < ohEnd; oh++) {
          int s = base + oh * outW;
          int d = dxPlane + (oh * g.strideH - g.padH + kh * g.dilationH) * g.width + colShift;
          if (g.strideW == 1) {
            for (int ow = owFirst; ow < owEnd; ow++) {
              dx[d + ow] += col[s + ow];
            }
          } else {
            for (int ow = owFirst; ow < owEnd; ow++) {
              dx[d + ow * g.strideW] += col[s + ow];
            }
          }
        }
      }
    }
  }
}
