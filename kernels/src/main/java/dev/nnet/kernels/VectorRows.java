package dev.nnet.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * im2col and col2im a row at a time with the Vector API, for unit strides and rows no wider than one vector (the
 * 12×12, 8×8 and 4×4 planes of MNIST networks), where the row-by-row loops spend more on loop overhead than on
 * the 4–12 floats they move. A row of the column matrix is one load of an image row, shifted by the tap, masked,
 * and stored once. A row of dx adds every tap's shifted, masked row of the column matrix in a register and is
 * stored once, instead of a read-modify-write per tap and element.
 *
 * <p>Lanes beyond a row read neighbouring data, which the masks discard; each element still gets exactly the scalar
 * loops' value (a discarded lane adds +0.0 to a sum that starts at +0.0 and so is never -0.0, and the taps are
 * added in the same order). A store that spills past a row lands on elements the same call writes next; where it
 * would leave the caller's share, the row is written element by element instead.
 */
final class VectorRows {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();

  private VectorRows() {}

  static int lanes() {
    return L;
  }

  /**
   * Rows oh of tap (kh, kw) for one sample: column-matrix elements {@code col[base + oh*outW + ow]} from the image
   * plane at {@code x[plane]}. Stores may not reach {@code limit}, the end of the caller's share of col.
   */
  static void im2colSample(ConvGeometry g, float[] x, int plane, int kh, int kw, float[] col, int base,
      int limit) {
    boolean[] inside = g.im2colLanes[kw];
    int shift = kw * g.dilationW - g.padW;
    int outW = g.outWidth;
    for (int oh = 0; oh < g.outHeight; oh++) {
      int ih = oh - g.padH + kh * g.dilationH;
      int d = base + oh * outW;
      int src = plane + ih * g.width + shift;
      boolean direct = d + L <= limit;
      if (ih < 0 || ih >= g.height) {
        if (direct) {
          FloatVector.zero(S).intoArray(col, d);
        } else {
          java.util.Arrays.fill(col, d, d + outW, 0f);
        }
      } else if (direct && src >= 0 && src + L <= x.length) {
        FloatVector.zero(S).blend(FloatVector.fromArray(S, x, src), VectorMask.fromArray(S, inside, 0))
            .intoArray(col, d);
      } else { // at an end of x or of the share: element by element
        for (int ow = 0; ow < outW; ow++) {
          col[d + ow] = inside[ow] ? x[src + ow] : 0f;
        }
      }
    }
  }

  /** Whether {@link #col2imPlane} can load every row it needs for channel c at {@code colOff} as whole vectors. */
  static boolean col2imFits(ConvGeometry g, int colLength, int ld, int colOff, int c) {
    int taps = g.kernelH * g.kernelW;
    long lowest = colOff + (long) c * taps * ld + g.padW - (long) (g.kernelW - 1) * g.dilationW;
    long highest = colOff + ((long) (c + 1) * taps - 1) * ld + (long) (g.outHeight - 1) * g.outWidth + g.padW;
    return lowest >= 0 && highest + L <= colLength;
  }

  /** Overwrites the dx plane of channel c at {@code dx[dxPlane]} (col2im); see {@link #col2imFits}. */
  static void col2imPlane(ConvGeometry g, float[] col, int ld, int colOff, int c, float[] dx, int dxPlane,
      float[] spill) {
    FloatVector zero = FloatVector.zero(S);
    int outW = g.outWidth;
    for (int ih = 0; ih < g.height; ih++) {
      // taps kh whose output row oh = ih + padH - kh·dilationH exists (a plain range: C2 keeps sum in a register)
      int reach = ih + g.padH;
      int khFirst = Math.max(0, Math.floorDiv(reach - g.outHeight, g.dilationH) + 1);
      int khEnd = Math.min(g.kernelH, Math.floorDiv(reach, g.dilationH) + 1);
      FloatVector sum = zero;
      // one loop (a nested one boxed sum), kh and kw stepped rather than divided out of tap: the integer division
      // per tap made mnist-inception conv2's data gradient ~20% slower (tools/bench/PROFILE.md)
      int kw = 0;
      int at = (c * g.kernelH * g.kernelW + khFirst * g.kernelW) * ld + colOff
          + (reach - khFirst * g.dilationH) * outW + g.padW;
      int rowStep = g.kernelW * ld - g.dilationH * outW; // from tap (kh, 0) to (kh + 1, 0)
      for (int tap = khFirst * g.kernelW; tap < khEnd * g.kernelW; tap++) {
        FloatVector v = FloatVector.fromArray(S, col, at - kw * g.dilationW + kw * ld);
        sum = sum.add(zero.blend(v, VectorMask.fromArray(S, g.col2imLanes[kw], 0)));
        if (++kw == g.kernelW) {
          kw = 0;
          at += rowStep;
        }
      }
      int d = dxPlane + ih * g.width;
      if (d + L > dxPlane + g.inPlane) { // would spill out of the plane, into another thread's share
        sum.intoArray(spill, 0);
        System.arraycopy(spill, 0, dx, d, g.width);
      } else {
        sum.intoArray(dx, d);
      }
    }
  }
}
