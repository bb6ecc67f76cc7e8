package dev.nnet.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * max_pool2d(2) (2×2 windows, stride 2, no padding, every window inside the image) eight outputs at a time with the
 * Vector API, for {@link Pool2d}. A vector holds sixteen values of a window row, output i's left value in lane 2i;
 * shifting its 64-bit lanes right by 32 brings the right value to lane 2i; a narrowing cast of the 64-bit lanes packs
 * the even lanes into the first eight. Stores write all sixteen lanes, the last eight junk that the next vector
 * overwrites. No gathers and no shuffles.
 *
 * <p>Rows of eight or more outputs go one row at a time, or two where that saves a vector (rows of twelve), the one
 * vector across the row end blended from two loads. Shorter rows run on across row and plane ends: where lane i
 * starts a new output row, lanes 2i on are blended in from a second load placed so that its windows land on those
 * lanes. So only the last row or the last few outputs of a range are done by scalar. Loads stay inside the rows the
 * vector covers.
 *
 * <p>The rule is {@link MaxWindow}'s, compared as floats (-0 and +0 tie): a row's right value wins only when strictly
 * greater, then the bottom row's winner only when strictly greater than the top's, which takes the first maximum in
 * window order; the output is the raw value at the winning position. A vector whose windows hold a NaN (or +inf and
 * -inf, whose sum trips the same test) is redone by {@link MaxWindow}.
 */
final class VectorTwoByTwoPool {
  private static final VectorSpecies<Float> F = FloatVector.SPECIES_512;
  private static final VectorSpecies<Integer> I = IntVector.SPECIES_512;
  private static final VectorSpecies<Long> L = LongVector.SPECIES_512;
  private static final int LANES = 8;
  private static final FloatVector IOTA = FloatVector.fromArray(F,
      new float[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}, 0);
  /** The ints 0 and 1, as float lanes to blend under float masks. */
  private static final FloatVector ZERO = (FloatVector) IntVector.zero(I).reinterpretShape(F, 0);
  private static final FloatVector ONE = (FloatVector) IntVector.broadcast(I, 1).reinterpretShape(F, 0);

  private final int inPlane;
  private final int width;
  private final int outHeight;
  private final int outWidth;
  /** Output o's window's top-left position in its plane, for o in a plane and the next plane's first sixteen. */
  private final int[] windowStart;
  /** Whether {@link #rowPairs} takes fewer vectors than {@link #rows}. */
  private final boolean pairsSaveVectors;

  VectorTwoByTwoPool(int height, int width, int outHeight, int outWidth) {
    this.inPlane = height * width;
    this.width = width;
    this.outHeight = outHeight;
    this.outWidth = outWidth;
    int outPlane = outHeight * outWidth;
    int rem = outWidth % LANES;
    int perRow = (outWidth + LANES - 1) / LANES;
    this.pairsSaveVectors = outWidth >= LANES && rem != 0
        && outWidth / LANES + 1 + (outWidth - (LANES - rem) + LANES - 1) / LANES < 2 * perRow;
    this.windowStart = new int[outPlane + 2 * LANES];
    for (int o = 0; o < windowStart.length; o++) {
      int inPlaneOutput = o % outPlane;
      windowStart[o] = 2 * (inPlaneOutput / outWidth) * width + 2 * (inPlaneOutput % outWidth);
    }
  }

  /** Whether rows of this many outputs take this path: four or more, so a vector spans at most three rows. */
  static boolean fits(int outWidth) {
    return outWidth >= LANES / 2;
  }

  /**
   * Planes [plane0, plane1) of x (from {@code x[xp]}) into y (from {@code y[yp]}) and, when non-null, indices (from
   * {@code indices[ip]}). With relu, y gets {@code Math.max(0f, max)}.
   */
  void planes(float[] x, int xp, int plane0, int plane1, float[] y, int yp, int[] indices, int ip, boolean relu) {
    if (pairsSaveVectors) {
      rowPairs(x, xp, plane0, plane1, y, yp, indices, ip, relu);
    } else if (outWidth >= LANES) {
      rows(x, xp, plane0 * outHeight, plane1 * outHeight, y, yp, indices, ip, relu);
    } else {
      planesThreeRows(x, xp, plane0, plane1, y, yp, indices, ip, relu);
    }
  }

  /**
   * {@link #planes} for rows of four to seven outputs: a vector spans up to three output rows. Straight-line vector
   * code in one loop (a row the vector does not reach is blended in under an empty mask): C2 boxes vectors merged
   * across branches or loop iterations, or passed to a call it does not inline.
   */
  private void planesThreeRows(float[] x, int xp, int plane0, int planeEnd, float[] y, int yp, int[] indices,
                               int ip, boolean relu) {
    int end = planeEnd * outHeight * outWidth;
    int o = plane0 * outHeight * outWidth;
    int plane = plane0;
    int oh = 0;
    int ow = 0;
    for (; o + 2 * LANES <= end; o += LANES) { // stores write sixteen lanes, the last eight junk
      int at = xp + plane * inPlane + 2 * oh * width + 2 * ow;
      // the next two output rows start at lanes lane1 and lane2; at1 is where lane 0 would load for row 1's windows
      // to land on lanes 2 * lane1 on (likewise row 2); a row past lane 7 repeats the first load, under no lanes
      int lane1 = outWidth - ow;
      int lane2 = lane1 + outWidth;
      int at1 = at;
      int at2 = at;
      if (lane1 < LANES) {
        int plane1 = oh + 1 == outHeight ? plane + 1 : plane;
        int oh1 = oh + 1 == outHeight ? 0 : oh + 1;
        at1 = xp + plane1 * inPlane + 2 * oh1 * width - 2 * lane1;
        if (lane2 < LANES) {
          at2 = xp + (oh1 + 1 == outHeight ? plane1 + 1 : plane1) * inPlane
              + 2 * (oh1 + 1 == outHeight ? 0 : oh1 + 1) * width - 2 * lane2;
        }
      }
      VectorMask<Float> from1 = IOTA.compare(VectorOperators.GE, 2 * lane1);
      VectorMask<Float> from2 = IOTA.compare(VectorOperators.GE, 2 * lane2);
      FloatVector top = FloatVector.fromArray(F, x, at)
          .blend(FloatVector.fromArray(F, x, at1), from1)
          .blend(FloatVector.fromArray(F, x, at2), from2);
      FloatVector bottom = FloatVector.fromArray(F, x, at + width)
          .blend(FloatVector.fromArray(F, x, at1 + width), from1)
          .blend(FloatVector.fromArray(F, x, at2 + width), from2);
      pool(top, bottom, (FloatVector) top.reinterpretShape(L, 0).lanewise(VectorOperators.LSHR, 32)
          .reinterpretShape(F, 0), (FloatVector) bottom.reinterpretShape(L, 0).lanewise(VectorOperators.LSHR, 32)
          .reinterpretShape(F, 0), x, xp + plane * inPlane, y, yp + o, indices, ip + o, oh * outWidth + ow, relu);
      for (ow += LANES; ow >= outWidth; ow -= outWidth) {
        if (++oh == outHeight) {
          oh = 0;
          plane++;
        }
      }
    }
    scalar(x, xp, plane, oh, ow, end - o, y, yp + o, indices, ip + o, relu);
  }

  /**
   * Output rows [rowFirst, rowStop) (counted across planes) of rows of eight or more outputs, one row at a time:
   * vectors at outputs 0, 8, ... and a last one ending at the row's end (overlapping the one before; it recomputes
   * the same outputs). No blends across row ends: two loads per vector. The last row by scalar: the stores write
   * sixteen lanes, the last eight junk that the next row overwrites.
   */
  private void rows(float[] x, int xp, int rowFirst, int rowStop, float[] y, int yp, int[] indices, int ip,
                    boolean relu) {
    int vectorsPerRow = (outWidth + LANES - 1) / LANES;
    int lastOw = outWidth - LANES;
    int plane = rowFirst / outHeight;
    int oh = rowFirst % outHeight;
    int row = rowFirst;
    for (; row < rowStop - 1; row++) {
      int rowAt = xp + plane * inPlane + 2 * oh * width;
      int ro = row * outWidth;
      for (int k = 0; k < vectorsPerRow; k++) {
        int ow = Math.min(k * LANES, lastOw);
        plain(x, xp + plane * inPlane, rowAt + 2 * ow, y, yp + ro + ow, indices, ip + ro + ow, oh * outWidth + ow,
            relu);
      }
      if (++oh == outHeight) {
        oh = 0;
        plane++;
      }
    }
    if (row < rowStop) {
      scalar(x, xp, plane, oh, 0, outWidth, y, yp + row * outWidth, indices, ip + row * outWidth, relu);
    }
  }

  /**
   * {@link #planes} two rows at a time where that takes fewer vectors than {@link #rows} (twelve outputs a row:
   * three vectors a pair, not four): row r's whole vectors, one vector across the row end (row r's last outputs,
   * then row r + 1's first, blended in from a second load), row r + 1's vectors from there. The rows left after
   * the last pair that has a row after it (the junk lanes land there) go to scalar.
   */
  private void rowPairs(float[] x, int xp, int plane0, int planeEnd, float[] y, int yp, int[] indices, int ip,
                        boolean relu) {
    int rem = outWidth % LANES;
    int firstVectors = outWidth / LANES;
    int lead = LANES - rem;
    int secondVectors = (outWidth - lead + LANES - 1) / LANES;
    int lastOw = outWidth - LANES;
    VectorMask<Float> fromNext = IOTA.compare(VectorOperators.GE, 2 * rem);
    int rowStop = planeEnd * outHeight;
    int row = plane0 * outHeight;
    int plane = plane0;
    int oh = 0;
    for (; row + 2 < rowStop; row += 2) {
      int at0 = xp + plane * inPlane + 2 * oh * width;
      int plane1 = oh + 1 == outHeight ? plane + 1 : plane;
      int oh1 = oh + 1 == outHeight ? 0 : oh + 1;
      int at1 = xp + plane1 * inPlane + 2 * oh1 * width;
      int ro = row * outWidth;
      for (int k = 0; k < firstVectors; k++) {
        plain(x, xp + plane * inPlane, at0 + 2 * LANES * k, y, yp + ro + LANES * k, indices, ip + ro + LANES * k,
            oh * outWidth + LANES * k, relu);
      }
      int at = at0 + 2 * (outWidth - rem);
      int atNext = at1 - 2 * rem; // so that row r + 1's first windows land on lanes 2 * rem on
      FloatVector top = FloatVector.fromArray(F, x, at).blend(FloatVector.fromArray(F, x, atNext), fromNext);
      FloatVector bottom = FloatVector.fromArray(F, x, at + width)
          .blend(FloatVector.fromArray(F, x, atNext + width), fromNext);
      int straddle = ro + outWidth - rem;
      pool(top, bottom, (FloatVector) top.reinterpretShape(L, 0).lanewise(VectorOperators.LSHR, 32)
          .reinterpretShape(F, 0), (FloatVector) bottom.reinterpretShape(L, 0).lanewise(VectorOperators.LSHR, 32)
          .reinterpretShape(F, 0), x, xp + plane * inPlane, y, yp + straddle, indices, ip + straddle,
          oh * outWidth + outWidth - rem, relu);
      int ro1 = ro + outWidth;
      for (int k = 0; k < secondVectors; k++) {
        int ow = Math.min(lead + LANES * k, lastOw);
        plain(x, xp + plane1 * inPlane, at1 + 2 * ow, y, yp + ro1 + ow, indices, ip + ro1 + ow,
            oh1 * outWidth + ow, relu);
      }
      oh = oh1 + 1 == outHeight ? 0 : oh1 + 1;
      plane = oh1 + 1 == outHeight ? plane1 + 1 : plane1;
    }
    // the one or two rows left by scalar, not by rows(): a call from here with two rows would give C2 a profile of
    // rows() that does not fit lenet's planes, which run there (lenet1 99 -> 155 µs after mnist-cnn's shapes)
    scalar(x, xp, plane, oh, 0, (rowStop - row) * outWidth, y, yp + row * outWidth, indices, ip + row * outWidth,
        relu);
  }

  /** Eight outputs of one row, the first one's window at {@code x[at]}; see {@link #pool}. */
  private void plain(float[] x, int planeAt, int at, float[] y, int yo, int[] indices, int io, int window,
                     boolean relu) {
    FloatVector top = FloatVector.fromArray(F, x, at);
    FloatVector bottom = FloatVector.fromArray(F, x, at + width);
    // lane 2i of the shifted longs holds lane 2i + 1's value: output i's right value
    pool(top, bottom, (FloatVector) top.reinterpretShape(L, 0).lanewise(VectorOperators.LSHR, 32)
        .reinterpretShape(F, 0), (FloatVector) bottom.reinterpretShape(L, 0).lanewise(VectorOperators.LSHR, 32)
        .reinterpretShape(F, 0), x, planeAt, y, yo, indices, io, window, relu);
  }

  /**
   * Pools eight windows: lane 2i of top and bottom holds output i's left values, of topRightValue and
   * bottomRightValue its right ones; window is the first output's position in its plane. Small enough for C2 to
   * inline into both loops (else the vectors would be boxed; AllocationTest would see it).
   */
  private void pool(FloatVector top, FloatVector bottom, FloatVector topRightValue, FloatVector bottomRightValue,
                    float[] x, int planeAt, float[] y, int yo, int[] indices, int io, int window, boolean relu) {
    // a NaN anywhere in the windows (or +inf with -inf) sends all eight to MaxWindow: one test, not one per compare
    FloatVector sum = top.add(bottom);
    if (sum.compare(VectorOperators.NE, sum).anyTrue()) {
      scalarFrom(x, planeAt, window, y, yo, indices, io, relu);
      return;
    }
    // MaxWindow's scan: a later value wins when greater than the maximum so far; pairwise, that is the right value
    // over the left, then the bottom pair's winner over the top's (the first maximum in window order)
    VectorMask<Float> topRight = topRightValue.compare(VectorOperators.GT, top);
    VectorMask<Float> bottomRight = bottomRightValue.compare(VectorOperators.GT, bottom);
    FloatVector topMax = top.blend(topRightValue, topRight);
    FloatVector bottomMax = bottom.blend(bottomRightValue, bottomRight);
    VectorMask<Float> fromBottom = bottomMax.compare(VectorOperators.GT, topMax);
    // the even lanes' bits packed into eight lanes by a narrowing cast (here, not in a helper returning a vector:
    // C2 may not inline it, and would box). Reinterpreting names its species: reinterpretAsFloats() and the like
    // leave C2 unsure of the vector's class when other kernels share the library's call sites, and the store after
    // them then runs the boxing Java fallback.
    IntVector bits = (IntVector) topMax.blend(bottomMax, fromBottom).reinterpretShape(L, 0)
        .convertShape(VectorOperators.L2I, I, 0);
    // the fused ReLU as one integer max: no NaN gets here, and every negative float (-0 too) has a negative int's
    // bits; without the ReLU the max is with MIN_VALUE, which changes nothing
    ((FloatVector) bits.max(relu ? 0 : Integer.MIN_VALUE).reinterpretShape(F, 0)).intoArray(y, yo);
    if (indices != null) {
      // the winner's offset within its window (0, 1, width or width + 1), plus the window's top-left
      FloatVector topAt = ZERO.blend(ONE, topRight);
      FloatVector bottomAt = ((FloatVector) IntVector.broadcast(I, width).reinterpretShape(F, 0))
          .blend((FloatVector) IntVector.broadcast(I, width + 1).reinterpretShape(F, 0), bottomRight);
      IntVector offsets = (IntVector) topAt.blend(bottomAt, fromBottom).reinterpretShape(L, 0)
          .convertShape(VectorOperators.L2I, I, 0);
      offsets.add(IntVector.fromArray(I, windowStart, window)).intoArray(indices, io);
    }
  }

  /** Eight outputs from output {@code window} of the plane at {@code x[planeAt]} on (into the next plane), scalar. */
  private void scalarFrom(float[] x, int planeAt, int window, float[] y, int yo, int[] indices, int io, boolean relu) {
    int outPlane = outHeight * outWidth;
    int plane = window / outPlane;
    int o = window - plane * outPlane;
    scalar(x, planeAt + plane * inPlane, 0, o / outWidth, o % outWidth, LANES, y, yo, indices, io, relu);
  }

  /** {@code count} outputs from output (plane, oh, ow) on, by {@link MaxWindow}. */
  private void scalar(float[] x, int xp, int plane, int oh, int ow, int count, float[] y, int yo, int[] indices,
                      int io, boolean relu) {
    for (int i = 0; i < count; i++) {
      int best = MaxWindow.ofTwoByTwo(x, xp + plane * inPlane, 2 * oh * width + 2 * ow, width);
      float v = x[xp + plane * inPlane + best];
      y[yo + i] = relu ? Math.max(0f, v) : v;
      if (indices != null) {
        indices[io + i] = best;
      }
      if (++ow == outWidth) {
        ow = 0;
        if (++oh == outHeight) {
          oh = 0;
          plane++;
        }
      }
    }
  }
}
