package dev.nnet.kernels;

import static dev.nnet.kernels.GateMath.*;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link GateMath} on whole vectors: the same float operations in the same order, so each lane equals the scalar
 * function's result. A run that is not a whole number of vectors ends with a vector overlapping the one before it,
 * which computes the same values again from the same inputs (so dst may not overlap src); the passes that work in
 * place end with the scalar operations instead. No vector is passed to or
 * returned from a method here: where C2 does not inline such a call (it stops inlining in large callers) every
 * vector would be boxed. Only loaded when the JVM has the Vector API (see {@link MicroKernel#VECTOR}).
 */
final class VectorGateMath {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();

  private VectorGateMath() {}

  static int lanes() {
    return L;
  }

  /** {@link GateMath#sigmoid(float[], int, float[], int, int)} for len ≥ {@link #lanes()}: 1 / (e^−x + 1). */
  static void sigmoid(float[] src, int from, float[] dst, int to, int len) {
    exp(src, from, -1f, false, dst, to, len);
    int i = 0;
    for (; i + L <= len; i += L) {
      FloatVector d = FloatVector.fromArray(S, dst, to + i).add(1f);
      d.broadcast(1f).div(d).intoArray(dst, to + i);
    }
    for (; i < len; i++) { // in place, so no overlapping vector: the scalar operations
      dst[to + i] = 1f / (dst[to + i] + 1f);
    }
  }

  /** {@link GateMath#tanh(float[], int, float[], int, int)} for len ≥ {@link #lanes()}. */
  static void tanh(float[] src, int from, float[] dst, int to, int len) {
    exp(src, from, 2f, true, dst, to, len);
    int i = 0;
    for (; i + L <= len; i += L) {
      int at = i;
      FloatVector x = FloatVector.fromArray(S, src, from + at);
      FloatVector z = x.mul(x);
      FloatVector p = z.fma(z.broadcast(T4), z.broadcast(T3));
      p = p.fma(z, p.broadcast(T2));
      p = p.fma(z, p.broadcast(T1));
      p = p.fma(z, p.broadcast(T0));
      FloatVector small = p.mul(z).fma(x, x);
      FloatVector big = FloatVector.fromArray(S, dst, to + at).add(1f);
      big = big.broadcast(2f).div(big).neg().add(1f);
      big = big.blend(big.neg(), x.lt(0f));
      big.blend(small, x.abs().lt(TANH_SMALL)).intoArray(dst, to + at);
    }
    for (; i < len; i++) { // in place, so no overlapping vector: the scalar operations
      float x = src[from + i];
      dst[to + i] = Math.abs(x) < TANH_SMALL ? GateMath.tanh(x) : GateMath.tanhOfLarge(x, dst[to + i]);
    }
  }

  /** dst = e^(scale·x), or e^(scale·|x|), for x in src: {@link GateMath#exp} lane by lane. */
  private static void exp(float[] src, int from, float scale, boolean abs, float[] dst, int to, int len) {
    for (int i = 0; i < len; i += L) {
      int at = Math.min(i, len - L);
      FloatVector x = FloatVector.fromArray(S, src, from + at);
      x = (abs ? x.abs() : x).mul(scale).max(EXP_LOW).min(EXP_HIGH);
      FloatVector t = x.mul(LOG2E).add(ROUNDER);
      FloatVector n = t.sub(ROUNDER);
      FloatVector r = n.fma(n.broadcast(-LN2_HIGH), x);
      r = n.fma(n.broadcast(-LN2_LOW), r);
      FloatVector p = r.fma(r.broadcast(E5), r.broadcast(E4));
      p = p.fma(r, p.broadcast(E3));
      p = p.fma(r, p.broadcast(E2));
      p = p.fma(r, p.broadcast(E1));
      p = p.fma(r, p.broadcast(E0));
      p = p.fma(r.mul(r), r).add(1f);
      FloatVector scaleBits = t.viewAsIntegralLanes().sub(ROUNDER_BITS - 127).lanewise(VectorOperators.LSHL, 23)
          .viewAsFloatingLanes();
      p.mul(scaleBits).intoArray(dst, to + at);
    }
  }
}
