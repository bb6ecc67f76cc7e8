package dev.nnet.kernels;

/**
 * The shape of one 2-d convolution, validated, with the derived sizes the kernels use and, per kernel tap, the range
 * of output positions whose input position falls inside the image (outside it the padding reads as zero).
 */
final class ConvGeometry {
  final int inChannels;
  final int height;
  final int width;
  final int outChannels;
  final int kernelH;
  final int kernelW;
  final int strideH;
  final int strideW;
  final int padH;
  final int padW;
  final int dilationH;
  final int dilationW;
  final int groups;
  final int outHeight;
  final int outWidth;

  /** Input channels, output channels and column-matrix rows (inC/groups × kH × kW) of one group. */
  final int groupInChannels;
  final int groupOutChannels;
  final int groupRows;
  /** Elements of one input plane (H×W) and one output plane (outH×outW). */
  final int inPlane;
  final int outPlane;

  /** For tap kh, output rows [ohFirst[kh], ohEnd[kh]) read inside the image; likewise columns for tap kw. */
  final int[] ohFirst;
  final int[] ohEnd;
  final int[] owFirst;
  final int[] owEnd;

  /**
   * Unit strides and output rows as wide as input rows (e.g. 3×3 with padding 1): a tap's valid rows are one
   * contiguous run in both the image and the column matrix, offset by a constant.
   */
  final boolean samePitch;
  /**
   * Whether im2col and col2im copy and add whole-plane runs with {@link VectorRuns}: {@link #samePitch}, the Vector
   * API is on, and a plane holds at least four vectors (on 4×4 planes the masked runs were slower than rows).
   */
  final boolean vectorPlanes;
  /**
   * Whether im2col and col2im go a row at a time with {@link VectorRows}: unit strides, image and output rows at
   * most one vector wide, the Vector API is on, and not {@link #vectorPlanes} (whole-plane runs measured faster
   * where both apply, for col2im too).
   */
  final boolean vectorRows;
  /** When {@link #vectorRows}: for tap kw, whether lane ow of a column-matrix row reads a column in the image. */
  final boolean[][] im2colLanes;
  /** When {@link #vectorRows}: for tap kw, whether lane iw of an image row has an output column of that tap. */
  final boolean[][] col2imLanes;
  /** When {@link #vectorPlanes}: for tap kw, whether output position p of a plane reads a column in the image. */
  final boolean[][] columnInside;

  ConvGeometry(int inChannels, int height, int width, int outChannels, int kernelH, int kernelW,
      int strideH, int strideW, int padH, int padW, int dilationH, int dilationW, int groups) {
    String k = "Conv2d";
    Checks.positive(k, "inChannels", inChannels);
    Checks.positive(k, "height", height);
    Checks.positive(k, "width", width);
    Checks.positive(k, "outChannels", outChannels);
    Checks.positive(k, "kernelH", kernelH);
    Checks.positive(k, "kernelW", kernelW);
    Checks.positive(k, "strideH", strideH);
    Checks.positive(k, "strideW", strideW);
    Checks.nonNegative(k, "padH", padH);
    Checks.nonNegative(k, "padW", padW);
    Checks.positive(k, "dilationH", dilationH);
    Checks.positive(k, "dilationW", dilationW);
    Checks.positive(k, "groups", groups);
    if (inChannels % groups != 0 || outChannels % groups != 0) {
      throw new KernelArgumentException("Conv2d: groups is " + groups + " but inChannels " + inChannels
          + " and outChannels " + outChannels + " must both be multiples of it");
    }
    this.inChannels = inChannels;
    this.height = height;
    this.width = width;
    this.outChannels = outChannels;
    this.kernelH = kernelH;
    this.kernelW = kernelW;
    this.strideH = strideH;
    this.strideW = strideW;
    this.padH = padH;
    this.padW = padW;
    this.dilationH = dilationH;
    this.dilationW = dilationW;
    this.groups = groups;
    this.outHeight = outputSize("height", height, kernelH, strideH, padH, dilationH);
    this.outWidth = outputSize("width", width, kernelW, strideW, padW, dilationW);
    this.groupInChannels = inChannels / groups;
    this.groupOutChannels = outChannels / groups;
    this.groupRows = groupInChannels * kernelH * kernelW;
    this.inPlane = height * width;
    this.outPlane = outHeight * outWidth;
    this.ohFirst = new int[kernelH];
    this.ohEnd = new int[kernelH];
    for (int kh = 0; kh < kernelH; kh++) {
      ohFirst[kh] = firstInside(kh * dilationH - padH, strideH, outHeight);
      ohEnd[kh] = Math.max(ohFirst[kh], endInside(kh * dilationH - padH, strideH, height, outHeight));
    }
    this.owFirst = new int[kernelW];
    this.owEnd = new int[kernelW];
    for (int kw = 0; kw < kernelW; kw++) {
      owFirst[kw] = firstInside(kw * dilationW - padW, strideW, outWidth);
      owEnd[kw] = Math.max(owFirst[kw], endInside(kw * dilationW - padW, strideW, width, outWidth));
    }
    this.samePitch = strideH == 1 && strideW == 1 && outWidth == width;
    this.vectorPlanes = samePitch && MicroKernel.VECTOR && outPlane >= 64;
    int lanes = MicroKernel.VECTOR ? VectorRows.lanes() : 0;
    this.vectorRows = strideH == 1 && strideW == 1 && width <= lanes && outWidth <= lanes && !vectorPlanes;
    this.im2colLanes = new boolean[vectorRows ? kernelW : 0][lanes];
    this.col2imLanes = new boolean[vectorRows ? kernelW : 0][lanes];
    for (int kw = 0; kw < im2colLanes.length; kw++) {
      int shift = kw * dilationW - padW;
      for (int t = 0; t < lanes; t++) {
        im2colLanes[kw][t] = t < outWidth && t + shift >= 0 && t + shift < width;
        col2imLanes[kw][t] = t < width && t - shift >= 0 && t - shift < outWidth;
      }
    }
    this.columnInside = new boolean[vectorPlanes ? kernelW : 0][outPlane];
    for (int kw = 0; kw < columnInside.length; kw++) {
      for (int p = 0; p < outPlane; p++) {
        int ow = p % outWidth;
        columnInside[kw][p] = ow >= owFirst[kw] && ow < owEnd[kw];
      }
    }
  }

  /** Weight elements: outC × inC/groups × kH × kW. */
  long weightSize() {
    return (long) outChannels * groupRows;
  }

  private static int outputSize(String dim, int size, int kernel, int stride, int pad, int dilation) {
    long span = (long) dilation * (kernel - 1) + 1;
    long padded = size + 2L * pad;
    if (padded < span) {
      throw new KernelArgumentException("Conv2d: the input " + dim + " " + size + " with padding " + pad + " is "
          + padded + ", smaller than the dilated kernel span " + span + "; use a smaller kernel or dilation or more "
          + "padding");
    }
    return (int) ((padded - span) / stride + 1);
  }

  /** First output index o with o*stride + shift >= 0. */
  private static int firstInside(int shift, int stride, int outSize) {
    return Math.min(outSize, Math.max(0, -Math.floorDiv(shift, stride)));
  }

  /** Refuses a layer whose column matrices for {@code samples} samples would not fit in a Java array. */
  void checkColumns(int samples, boolean kept) {
    long widest = Math.max((long) inChannels * kernelH * kernelW * outPlane, (long) outChannels * outPlane);
    if (widest * samples > Integer.MAX_VALUE - 8) {
      throw new KernelArgumentException("Conv2d: " + (kept ? samples + " samples' column matrices need "
          : "one sample's column matrix needs ") + widest * samples
          + " floats, more than a Java array holds; split the layer, use a smaller image or batch");
    }
  }

  /** into[c][oc][kh][kw] = weight[oc][c][kH-1-kh][kW-1-kw]: the data gradient's weights as a convolution's. */
  void flip(float[] weight, float[] into) {
    int taps = kernelH * kernelW;
    for (int oc = 0; oc < outChannels; oc++) {
      for (int c = 0; c < inChannels; c++) {
        int src = (oc * inChannels + c) * taps;
        int dst = (c * outChannels + oc) * taps + taps - 1;
        for (int t = 0; t < taps; t++) {
          into[dst - t] = weight[src + t];
        }
      }
    }
  }

  /** One past the last output index o with o*stride + shift < size. */
  private static int endInside(int shift, int stride, int size, int outSize) {
    return Math.max(0, Math.min(outSize, Math.floorDiv(size - 1 - shift, stride) + 1));
  }
}
