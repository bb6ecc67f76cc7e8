package dev.nnet.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register tiles of {@link LaneWeightGradient}, written out by hand: each sums, over the positions of blocks
 * [b0, b1), dy of its output channels (at offsets d<i> in a dy block) times x at its taps (offsets f<j> in an x
 * block) into accumulators whose lanes are the samples, and stores them to {@code out} channel by channel, tap by
 * tap. Positions are walked in one flat loop: C2 boxes vector accumulators carried through nested loops (one
 * allocation an FMA), not those of a single loop.
 *
 * <p>Only loaded with the Vector API. Bound to one call's arrays at a time. The three tiles follow one pattern;
 * keep them in step.
 */
final class LaneWeightTiles {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  static final int L = S.length();

  private final int outH;
  private final int rowSpan;
  private final int xBlock;
  private final int xRow;
  /** From the last row of a block to the first of the next. */
  private final int xNextBlock;

  private float[] x;
  private int xOff;
  private float[] dy;
  private int dyOff;
  private int dyBlock;
  private int dyRow;
  private int dyNextBlock;

  /** Tiles over outH × outW outputs of x blocks of xBlock floats, rows xRow floats apart. */
  LaneWeightTiles(int outH, int outW, int xBlock, int xRow) {
    this.outH = outH;
    this.rowSpan = outW * L;
    this.xBlock = xBlock;
    this.xRow = xRow;
    this.xNextBlock = xBlock - (outH - 1) * xRow;
  }

  /** The arrays of one call: x blocks from xOff, dy blocks of dyBlock floats from dyOff with rows dyRow apart. */
  void bind(float[] x, int xOff, float[] dy, int dyOff, int dyBlock, int dyRow) {
    this.x = x;
    this.xOff = xOff;
    this.dy = dy;
    this.dyOff = dyOff;
    this.dyBlock = dyBlock;
    this.dyRow = dyRow;
    this.dyNextBlock = dyBlock - (outH - 1) * dyRow;
  }

  /** Drops the call's arrays, so the caller's buffers are not kept reachable. */
  void release() {
    this.x = null;
    this.dy = null;
  }

  /** The sum of dy of one output channel (for the bias), into out[0, L). */
  void dySum(int b0, int b1, int d0, float[] out) {
    float[] dy = this.dy;
    FloatVector s = FloatVector.zero(S);
    int dr = dyOff + b0 * dyBlock;
    int row = 0;
    int p = 0;
    for (int rows = (b1 - b0) * outH; rows > 0; ) {
      s = s.add(FloatVector.fromArray(S, dy, dr + d0 + p));
      p += L;
      if (p == rowSpan) {
        p = 0;
        rows--;
        boolean blockEnds = ++row == outH;
        row = blockEnds ? 0 : row;
        dr += blockEnds ? dyNextBlock : dyRow;
      }
    }
    s.intoArray(out, 0);
  }

  /** Four output channels × five taps: 4 + 5 loads for 20 FMAs a position. */
  void fourByFive(int b0, int b1, int d0, int d1, int d2, int d3, int f0, int f1, int f2, int f3, int f4, float[] out) {
    float[] x = this.x;
    float[] dy = this.dy;
    FloatVector zero = FloatVector.zero(S);
    FloatVector a00 = zero, a01 = zero, a02 = zero, a03 = zero, a04 = zero;
    FloatVector a10 = zero, a11 = zero, a12 = zero, a13 = zero, a14 = zero;
    FloatVector a20 = zero, a21 = zero, a22 = zero, a23 = zero, a24 = zero;
    FloatVector a30 = zero, a31 = zero, a32 = zero, a33 = zero, a34 = zero;
    int xr = xOff + b0 * xBlock;
    int dr = dyOff + b0 * dyBlock;
    int row = 0;
    int p = 0;
    for (int rows = (b1 - b0) * outH; rows > 0; ) {
      FloatVector g0 = FloatVector.fromArray(S, dy, dr + d0 + p);
      FloatVector g1 = FloatVector.fromArray(S, dy, dr + d1 + p);
      FloatVector g2 = FloatVector.fromArray(S, dy, dr + d2 + p);
      FloatVector g3 = FloatVector.fromArray(S, dy, dr + d3 + p);
      FloatVector x0 = FloatVector.fromArray(S, x, xr + f0 + p);
      a00 = g0.fma(x0, a00);
      a10 = g1.fma(x0, a10);
      a20 = g2.fma(x0, a20);
      a30 = g3.fma(x0, a30);
      FloatVector x1 = FloatVector.fromArray(S, x, xr + f1 + p);
      a01 = g0.fma(x1, a01);
      a11 = g1.fma(x1, a11);
      a21 = g2.fma(x1, a21);
      a31 = g3.fma(x1, a31);
      FloatVector x2 = FloatVector.fromArray(S, x, xr + f2 + p);
      a02 = g0.fma(x2, a02);
      a12 = g1.fma(x2, a12);
      a22 = g2.fma(x2, a22);
      a32 = g3.fma(x2, a32);
      FloatVector x3 = FloatVector.fromArray(S, x, xr + f3 + p);
      a03 = g0.fma(x3, a03);
      a13 = g1.fma(x3, a13);
      a23 = g2.fma(x3, a23);
      a33 = g3.fma(x3, a33);
      FloatVector x4 = FloatVector.fromArray(S, x, xr + f4 + p);
      a04 = g0.fma(x4, a04);
      a14 = g1.fma(x4, a14);
      a24 = g2.fma(x4, a24);
      a34 = g3.fma(x4, a34);
      p += L;
      if (p == rowSpan) {
        p = 0;
        rows--;
        boolean blockEnds = ++row == outH;
        row = blockEnds ? 0 : row;
        xr += blockEnds ? xNextBlock : xRow;
        dr += blockEnds ? dyNextBlock : dyRow;
      }
    }
    a00.intoArray(out, 0 * L);
    a01.intoArray(out, 1 * L);
    a02.intoArray(out, 2 * L);
    a03.intoArray(out, 3 * L);
    a04.intoArray(out, 4 * L);
    a10.intoArray(out, 5 * L);
    a11.intoArray(out, 6 * L);
    a12.intoArray(out, 7 * L);
    a13.intoArray(out, 8 * L);
    a14.intoArray(out, 9 * L);
    a20.intoArray(out, 10 * L);
    a21.intoArray(out, 11 * L);
    a22.intoArray(out, 12 * L);
    a23.intoArray(out, 13 * L);
    a24.intoArray(out, 14 * L);
    a30.intoArray(out, 15 * L);
    a31.intoArray(out, 16 * L);
    a32.intoArray(out, 17 * L);
    a33.intoArray(out, 18 * L);
    a34.intoArray(out, 19 * L);
  }

  /** Two output channels × ten taps: 2 + 10 loads for 20 FMAs a position. */
  void twoByTen(int b0, int b1, int d0, int d1,
      int f0, int f1, int f2, int f3, int f4, int f5, int f6, int f7, int f8, int f9, float[] out) {
    float[] x = this.x;
    float[] dy = this.dy;
    FloatVector zero = FloatVector.zero(S);
    FloatVector a00 = zero, a01 = zero, a02 = zero, a03 = zero, a04 = zero;
    FloatVector a05 = zero, a06 = zero, a07 = zero, a08 = zero, a09 = zero;
    FloatVector a10 = zero, a11 = zero, a12 = zero, a13 = zero, a14 = zero;
    FloatVector a15 = zero, a16 = zero, a17 = zero, a18 = zero, a19 = zero;
    int xr = xOff + b0 * xBlock;
    int dr = dyOff + b0 * dyBlock;
    int row = 0;
    int p = 0;
    for (int rows = (b1 - b0) * outH; rows > 0; ) {
      FloatVector g0 = FloatVector.fromArray(S, dy, dr + d0 + p);
      FloatVector g1 = FloatVector.fromArray(S, dy, dr + d1 + p);
      FloatVector x0 = FloatVector.fromArray(S, x, xr + f0 + p);
      a00 = g0.fma(x0, a00);
      a10 = g1.fma(x0, a10);
      FloatVector x1 = FloatVector.fromArray(S, x, xr + f1 + p);
      a01 = g0.fma(x1, a01);
      a11 = g1.fma(x1, a11);
      FloatVector x2 = FloatVector.fromArray(S, x, xr + f2 + p);
      a02 = g0.fma(x2, a02);
      a12 = g1.fma(x2, a12);
      FloatVector x3 = FloatVector.fromArray(S, x, xr + f3 + p);
      a03 = g0.fma(x3, a03);
      a13 = g1.fma(x3, a13);
      FloatVector x4 = FloatVector.fromArray(S, x, xr + f4 + p);
      a04 = g0.fma(x4, a04);
      a14 = g1.fma(x4, a14);
      FloatVector x5 = FloatVector.fromArray(S, x, xr + f5 + p);
      a05 = g0.fma(x5, a05);
      a15 = g1.fma(x5, a15);
      FloatVector x6 = FloatVector.fromArray(S, x, xr + f6 + p);
      a06 = g0.fma(x6, a06);
      a16 = g1.fma(x6, a16);
      FloatVector x7 = FloatVector.fromArray(S, x, xr + f7 + p);
      a07 = g0.fma(x7, a07);
      a17 = g1.fma(x7, a17);
      FloatVector x8 = FloatVector.fromArray(S, x, xr + f8 + p);
      a08 = g0.fma(x8, a08);
      a18 = g1.fma(x8, a18);
      FloatVector x9 = FloatVector.fromArray(S, x, xr + f9 + p);
      a09 = g0.fma(x9, a09);
      a19 = g1.fma(x9, a19);
      p += L;
      if (p == rowSpan) {
        p = 0;
        rows--;
        boolean blockEnds = ++row == outH;
        row = blockEnds ? 0 : row;
        xr += blockEnds ? xNextBlock : xRow;
        dr += blockEnds ? dyNextBlock : dyRow;
      }
    }
    a00.intoArray(out, 0 * L);
    a01.intoArray(out, 1 * L);
    a02.intoArray(out, 2 * L);
    a03.intoArray(out, 3 * L);
    a04.intoArray(out, 4 * L);
    a05.intoArray(out, 5 * L);
    a06.intoArray(out, 6 * L);
    a07.intoArray(out, 7 * L);
    a08.intoArray(out, 8 * L);
    a09.intoArray(out, 9 * L);
    a10.intoArray(out, 10 * L);
    a11.intoArray(out, 11 * L);
    a12.intoArray(out, 12 * L);
    a13.intoArray(out, 13 * L);
    a14.intoArray(out, 14 * L);
    a15.intoArray(out, 15 * L);
    a16.intoArray(out, 16 * L);
    a17.intoArray(out, 17 * L);
    a18.intoArray(out, 18 * L);
    a19.intoArray(out, 19 * L);
  }

  /** One output channel × ten taps. */
  void oneByTen(int b0, int b1, int d0,
      int f0, int f1, int f2, int f3, int f4, int f5, int f6, int f7, int f8, int f9, float[] out) {
    float[] x = this.x;
    float[] dy = this.dy;
    FloatVector zero = FloatVector.zero(S);
    FloatVector a00 = zero, a01 = zero, a02 = zero, a03 = zero, a04 = zero;
    FloatVector a05 = zero, a06 = zero, a07 = zero, a08 = zero, a09 = zero;
    int xr = xOff + b0 * xBlock;
    int dr = dyOff + b0 * dyBlock;
    int row = 0;
    int p = 0;
    for (int rows = (b1 - b0) * outH; rows > 0; ) {
      FloatVector g0 = FloatVector.fromArray(S, dy, dr + d0 + p);
      FloatVector x0 = FloatVector.fromArray(S, x, xr + f0 + p);
      a00 = g0.fma(x0, a00);
      FloatVector x1 = FloatVector.fromArray(S, x, xr + f1 + p);
      a01 = g0.fma(x1, a01);
      FloatVector x2 = FloatVector.fromArray(S, x, xr + f2 + p);
      a02 = g0.fma(x2, a02);
      FloatVector x3 = FloatVector.fromArray(S, x, xr + f3 + p);
      a03 = g0.fma(x3, a03);
      FloatVector x4 = FloatVector.fromArray(S, x, xr + f4 + p);
      a04 = g0.fma(x4, a04);
      FloatVector x5 = FloatVector.fromArray(S, x, xr + f5 + p);
      a05 = g0.fma(x5, a05);
      FloatVector x6 = FloatVector.fromArray(S, x, xr + f6 + p);
      a06 = g0.fma(x6, a06);
      FloatVector x7 = FloatVector.fromArray(S, x, xr + f7 + p);
      a07 = g0.fma(x7, a07);
      FloatVector x8 = FloatVector.fromArray(S, x, xr + f8 + p);
      a08 = g0.fma(x8, a08);
      FloatVector x9 = FloatVector.fromArray(S, x, xr + f9 + p);
      a09 = g0.fma(x9, a09);
      p += L;
      if (p == rowSpan) {
        p = 0;
        rows--;
        boolean blockEnds = ++row == outH;
        row = blockEnds ? 0 : row;
        xr += blockEnds ? xNextBlock : xRow;
        dr += blockEnds ? dyNextBlock : dyRow;
      }
    }
    a00.intoArray(out, 0 * L);
    a01.intoArray(out, 1 * L);
    a02.intoArray(out, 2 * L);
    a03.intoArray(out, 3 * L);
    a04.intoArray(out, 4 * L);
    a05.intoArray(out, 5 * L);
    a06.intoArray(out, 6 * L);
    a07.intoArray(out, 7 * L);
    a08.intoArray(out, 8 * L);
    a09.intoArray(out, 9 * L);
  }
}
