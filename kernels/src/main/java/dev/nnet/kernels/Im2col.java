package dev.nnet.kernels;

import java.util.Arrays;

/**
 * Conversions between an NCHW image and the column matrix a convolution multiplies by its weights.
 *
 * <p>The column matrix of a batch of samples has one row per (channel, kh, kw) tap and one column per (sample,
 * output position): element {@code col[row*ld + s*outPlane + oh*outW + ow]} is the input value that tap reads for
 * that output, or 0 in the padding. Rows of a group are contiguous, so group g's rows start at
 * {@code g * groupRows}. im2col works a row at a time and col2im a (sample, channel) plane at a time: each is the
 * unit threads split, and each output element has a single writer.
 */
final class Im2col {
  private Im2col() {}

  /**
   * Fills row {@code row} (tap c, kh, kw) of the column matrix for {@code count} samples: sample s's plane of
   * channel c is read from {@code x[xOff + ((first + s)*inC + c)*inPlane]} and written to columns
   * {@code [s*outPlane, (s+1)*outPlane)} of the matrix at {@code col[colOff]}. A row is written front to back, so
   * its stores stream.
   */
  static void im2colRow(ConvGeometry g, float[] x, int xOff, int first, int count, int row, float[] col, int colOff,
      int ld) {
    int kw = row % g.kernelW;
    int kh = row / g.kernelW % g.kernelH;
    int c = row / (g.kernelW * g.kernelH);
    int outW = g.outWidth;
    int ohFirst = g.ohFirst[kh];
    int ohEnd = g.ohEnd[kh];
    int owFirst = g.owFirst[kw];
    int owEnd = g.owEnd[kw];
    int shift = (kh * g.dilationH - g.padH) * g.width + kw * g.dilationW - g.padW;
    int rowStep = g.strideH * g.width;
    // Unit strides and output rows as wide as input rows ("same" padding, 1×1): the valid rows of a tap are one
    // contiguous run in both arrays, so copy it whole and then clear the few columns that fell in the padding.
    boolean samePitch = g.samePitch && ohEnd > ohFirst;
    int p0 = ohFirst * outW + owFirst;
    int runLength = (ohEnd - ohFirst - 1) * outW + owEnd - owFirst;
    if (samePitch && g.vectorPlanes) {
      planeRuns(g, x, xOff + c * g.inPlane + p0 + shift, first, count, colOff + row * ld, col, p0, runLength, kw);
      return;
    }
    if (g.vectorRows) {
      for (int s = 0; s < count; s++) {
        VectorRows.im2colSample(g, x, xOff + ((first + s) * g.inChannels + c) * g.inPlane, kh, kw, col,
            colOff + row * ld + s * g.outPlane, colOff + row * ld + count * g.outPlane);
      }
      return;
    }
    for (int s = 0; s < count; s++) {
      int base = colOff + row * ld + s * g.outPlane;
      int plane = xOff + ((first + s) * g.inChannels + c) * g.inPlane;
      Arrays.fill(col, base, base + ohFirst * outW, 0f);
      if (samePitch) {
        int d = base + ohFirst * outW;
        System.arraycopy(x, plane + p0 + shift, col, base + p0, runLength);
        for (int oh = ohFirst; oh < ohEnd; oh++, d += outW) {
          Arrays.fill(col, d, d + owFirst, 0f);
          Arrays.fill(col, d + owEnd, d + outW, 0f);
        }
        Arrays.fill(col, base + ohEnd * outW, base + g.outPlane, 0f);
        continue;
      }
      boolean padded = owFirst > 0 || owEnd < outW;
      for (int oh = ohFirst; oh < ohEnd; oh++) {
        int d = base + oh * outW;
        int src = plane + oh * rowStep + shift;
        if (padded) {
          Arrays.fill(col, d, d + owFirst, 0f);
          Arrays.fill(col, d + owEnd, d + outW, 0f);
        }
        if (g.strideW == 1) {
          System.arraycopy(x, src + owFirst, col, d + owFirst, owEnd - owFirst);
        } else {
          for (int ow = owFirst; ow < owEnd; ow++) {
            col[d + ow] = x[src + ow * g.strideW];
          }
        }
      }
      Arrays.fill(col, base + ohEnd * outW, base + g.outPlane, 0f);
    }
  }

  /**
   * {@link #im2colRow} when {@link ConvGeometry#vectorPlanes}: per sample, one masked copy of the tap's run from
   * {@code x[src + (first + s)*inC*inPlane]} (the columns in the padding come out as zeros) and zeros around it.
   * Its own method so that the row-by-row path keeps its own compiled code (it ran ~20% slower when sharing one).
   */
  private static void planeRuns(ConvGeometry g, float[] x, int src, int first, int count, int rowStart, float[] col,
      int p0, int runLength, int kw) {
    for (int s = 0; s < count; s++) {
      int base = rowStart + s * g.outPlane;
      int from = src + (first + s) * g.inChannels * g.inPlane;
      Arrays.fill(col, base, base + p0, 0f);
      VectorRuns.copyMasked(x, from, col, base + p0, runLength, g.columnInside[kw], p0);
      Arrays.fill(col, base + p0 + runLength, base + g.outPlane, 0f);
    }
  }

  /**
   * The adjoint of {@link #im2colRow}: overwrites the plane at {@code dx[dxPlane]} with the sum of every column
   * element that reads each input position, added in (kh, kw, oh, ow) order.
   */
  static void col2im(ConvGeometry g, float[] col, int ld, int colOff, int c, float[] dx, int dxPlane,
      float[] spill) {
    if (g.vectorRows && VectorRows.col2imFits(g, col.length, ld, colOff, c)) {
      VectorRows.col2imPlane(g, col, ld, colOff, c, dx, dxPlane, spill);
      return;
    }
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
        if (g.vectorPlanes) {
          // The tap's valid rows are one run offset by a constant; the mask skips the columns in the padding.
          if (ohEnd > g.ohFirst[kh]) {
            int p0 = g.ohFirst[kh] * outW + owFirst;
            int shift = (kh * g.dilationH - g.padH) * outW + colShift;
            int runLength = (ohEnd - g.ohFirst[kh] - 1) * outW + owEnd - owFirst;
            VectorRuns.addMasked(col, base + p0, dx, dxPlane + p0 + shift, runLength, g.columnInside[kw], p0);
          }
          continue;
        }
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
