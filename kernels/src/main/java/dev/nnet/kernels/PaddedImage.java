package dev.nnet.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * A sample's planes with zero padding around them (pitch {@code W + 2·padW}), for unit-stride convolutions: element
 * (k, oh, ow) of the column matrix, k = (c, kh, kw), is then {@code buffer[tapOffset[k] + oh·pitch + ow]}, so a
 * row of a panel is outH whole-vector copies with no bounds or padding tests. The copies write whole vectors: each
 * spills up to a vector past its output row, onto elements that the next row overwrites, so rows go in increasing
 * order and buffers end with a vector of slack. (col2im the same way, a masked read-modify-write per tap and
 * output row, took twice as long as {@link VectorRows}' register sums, which {@link Im2col#col2im} uses.)
 */
final class PaddedImage {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();

  private final ConvGeometry g;
  private final int pitch;
  private final int paddedPlane;
  /** One sample's padded planes plus the vector of slack that the last copy reads past them. */
  final int span;
  private final int[] tapOffset;

  PaddedImage(ConvGeometry g) {
    this.g = g;
    this.pitch = g.width + 2 * g.padW;
    this.paddedPlane = (g.height + 2 * g.padH) * pitch;
    this.span = g.inChannels * paddedPlane + L;
    this.tapOffset = new int[g.groupRows];
    for (int k = 0; k < tapOffset.length; k++) {
      int kw = k % g.kernelW;
      int kh = k / g.kernelW % g.kernelH;
      int c = k / (g.kernelW * g.kernelH);
      tapOffset[k] = c * paddedPlane + kh * g.dilationH * pitch + kw * g.dilationW;
    }
  }

  /** Whether the geometry suits: unit strides, one group. */
  static boolean suits(ConvGeometry g) {
    return g.strideH == 1 && g.strideW == 1 && g.groups == 1;
  }

  /** Copies the planes of sample s of {@code x} into the buffer at {@code at}; its padding must already be zero. */
  void pad(float[] x, int xOff, int s, float[] buffer, int at) {
    for (int c = 0; c < g.inChannels; c++) {
      int src = xOff + (s * g.inChannels + c) * g.inPlane;
      int dst = at + c * paddedPlane + g.padH * pitch + g.padW;
      for (int h = 0; h < g.height; h++) {
        System.arraycopy(x, src + h * g.width, buffer, dst + h * pitch, g.width);
      }
    }
  }

  /** Row k of the sample's column matrix, outH·outW values, to {@code panel[dst]} (spilling, see the class). */
  void packRow(float[] buffer, int at, int k, float[] panel, int dst) {
    int src = at + tapOffset[k];
    int outW = g.outWidth;
    if (outW <= L) { // one vector per output row, no inner loop (the MNIST layers)
      for (int oh = 0; oh < g.outHeight; oh++, src += pitch, dst += outW) {
        FloatVector.fromArray(S, buffer, src).intoArray(panel, dst);
      }
      return;
    }
    for (int oh = 0; oh < g.outHeight; oh++, src += pitch, dst += outW) {
      for (int ow = 0; ow < outW; ow += L) {
        FloatVector.fromArray(S, buffer, src + ow).intoArray(panel, dst + ow);
      }
    }
  }
}
