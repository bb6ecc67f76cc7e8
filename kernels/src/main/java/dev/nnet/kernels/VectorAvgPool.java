package dev.nnet.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link AvgPooling} at stride 1 with the output the input's size (kernel 2p + 1, padding p: inception's
 * avg_pool2d(3, 1, 1)) with the Vector API, a plane at a time in flat vectors that run across row ends, so rows of
 * four are as fast as rows of forty. Bit for bit {@link AvgPooling}'s sums: the same additions in the same order,
 * from +0, where a tap outside the image adds +0 instead of nothing (the sum never is -0, so that changes no bit).
 *
 * <p>Forward: row sums (taps left to right, the ones past a row end blended to +0) into rows of a buffer with p zero
 * rows above and below, then the column sums (taps top to bottom) times 1/divisor. Backward, as AvgPooling's
 * adjoint: dy/divisor into that buffer, column sums (bottom tap first), then row sums (right tap first).
 */
final class VectorAvgPool {
  private static final VectorSpecies<Float> F = FloatVector.SPECIES_512;
  private static final int LANES = F.length();
  private static final FloatVector ZERO = FloatVector.zero(F);

  private final int height;
  private final int width;
  private final int padH;
  private final int padW;
  private final float[] inverse;
  /** Each position's column within its row, as a float, to mask taps past a row end (LANES slack at the end). */
  private final float[] column;
  /** Per worker: a plane with padH zero rows above and below, and a flat plane with padW zeros either side. */
  private final float[][] padded;
  private final float[][] flat;

  /** {@code inverse}: 1 / divisor of each position, as AvgPooling divides. */
  VectorAvgPool(int height, int width, int padH, int padW, float[] inverse, int workers) {
    this.height = height;
    this.width = width;
    this.padH = padH;
    this.padW = padW;
    this.inverse = inverse;
    int plane = height * width;
    this.column = new float[plane + LANES];
    for (int i = 0; i < column.length; i++) {
      column[i] = i % width;
    }
    this.padded = new float[workers][(height + 2 * padH) * width];
    this.flat = new float[workers][plane + 2 * padW];
  }

  /** Whether a pooling geometry takes this path: stride 1, the output the input's size. */
  static boolean fits(int kernelH, int kernelW, int strideH, int strideW, int padH, int padW) {
    return strideH == 1 && strideW == 1 && kernelH == 2 * padH + 1 && kernelW == 2 * padW + 1;
  }

  /** y[yp..] = average of each window of the plane at x[xp..]. */
  void forward(int worker, float[] x, int xp, float[] y, int yp) {
    float[] rows = padded[worker];
    rowSums(x, xp, x.length, -padW, rows, padH * width);
    columnSums(rows, 0, 1, y, yp, true);
  }

  /** Overwrites dx[xp..] with each window's share of dy[yp..], the adjoint of {@link #forward}. */
  void backward(int worker, float[] dy, int yp, float[] dx, int xp) {
    float[] rows = padded[worker];
    int plane = height * width;
    int i = 0;
    for (; i + LANES <= plane; i += LANES) {
      FloatVector.fromArray(F, dy, yp + i).mul(FloatVector.fromArray(F, inverse, i)).intoArray(rows, padH * width + i);
    }
    for (; i < plane; i++) {
      rows[padH * width + i] = dy[yp + i] * inverse[i];
    }
    float[] sums = flat[worker];
    columnSums(rows, 2 * padH * width, -1, sums, padW, false);
    rowSums(sums, padW, sums.length, padW, dx, xp);
  }

  /**
   * out[op + i] = the sum over taps t = 0..2 padW of in[ip + i + first + step·t] (a tap outside the row adds +0),
   * where step is +1 for first = -padW (forward) and -1 for first = padW (backward); inLength bounds in's loads.
   */
  private void rowSums(float[] in, int ip, int inLength, int first, float[] out, int op) {
    int step = first < 0 ? 1 : -1;
    int taps = 2 * padW + 1;
    int plane = height * width;
    int i = 0;
    for (; i + LANES <= plane; i += LANES) {
      if (ip + i - padW < 0 || ip + i + padW + LANES > inLength) {
        rowSumsScalar(in, ip, first, step, out, op, i, i + LANES);
        continue;
      }
      FloatVector col = FloatVector.fromArray(F, column, i);
      if (padW == 1) { // 3×3 unrolled; each branch stores, as vectors merged after a branch would be boxed
        FloatVector left = ZERO.blend(FloatVector.fromArray(F, in, ip + i - 1), col.compare(VectorOperators.GE, 1));
        FloatVector center = FloatVector.fromArray(F, in, ip + i);
        FloatVector right = ZERO.blend(FloatVector.fromArray(F, in, ip + i + 1),
            col.compare(VectorOperators.LT, width - 1));
        if (first < 0) {
          ZERO.add(left).add(center).add(right).intoArray(out, op + i);
        } else {
          ZERO.add(right).add(center).add(left).intoArray(out, op + i);
        }
        continue;
      }
      FloatVector sum = ZERO;
      for (int t = 0, d = first; t < taps; t++, d += step) {
        // no branch on the tap: vectors merged after one would be boxed
        VectorMask<Float> inside = col.compare(VectorOperators.GE, -d).and(col.compare(VectorOperators.LT, width - d));
        sum = sum.add(ZERO.blend(FloatVector.fromArray(F, in, ip + i + d), inside));
      }
      sum.intoArray(out, op + i);
    }
    rowSumsScalar(in, ip, first, step, out, op, i, plane);
  }

  private void rowSumsScalar(float[] in, int ip, int first, int step, float[] out, int op, int from, int to) {
    for (int i = from; i < to; i++) {
      int w = i % width;
      float sum = 0f;
      for (int t = 0, d = first; t <= 2 * padW; t++, d += step) {
        if (w + d >= 0 && w + d < width) {
          sum += in[ip + i + d];
        }
      }
      out[op + i] = sum;
    }
  }

  /**
   * out[op + i] = the sum over taps t = 0..2 padH of rows[first + i + step·t·width] (the zero rows stand for rows
   * outside the image), times 1/divisor when {@code scale}.
   */
  private void columnSums(float[] rows, int first, int step, float[] out, int op, boolean scale) {
    int taps = 2 * padH + 1;
    int plane = height * width;
    int i = 0;
    for (; i + LANES <= plane; i += LANES) {
      if (padH == 1) { // 3×3 unrolled; each branch stores, as vectors merged after a branch would be boxed
        FloatVector sum = ZERO.add(FloatVector.fromArray(F, rows, first + i))
            .add(FloatVector.fromArray(F, rows, first + i + step * width))
            .add(FloatVector.fromArray(F, rows, first + i + 2 * step * width));
        if (scale) {
          sum.mul(FloatVector.fromArray(F, inverse, i)).intoArray(out, op + i);
        } else {
          sum.intoArray(out, op + i);
        }
        continue;
      }
      FloatVector sum = ZERO;
      for (int t = 0; t < taps; t++) {
        sum = sum.add(FloatVector.fromArray(F, rows, first + i + step * t * width));
      }
      if (scale) { // each branch stores: vectors merged after a branch would be boxed
        sum.mul(FloatVector.fromArray(F, inverse, i)).intoArray(out, op + i);
      } else {
        sum.intoArray(out, op + i);
      }
    }
    for (; i < plane; i++) {
      float sum = 0f;
      for (int t = 0; t < taps; t++) {
        sum += rows[first + i + step * t * width];
      }
      out[op + i] = scale ? sum * inverse[i] : sum;
    }
  }
}
