package dev.nnet.kernels;

/**
 * exp, sigmoid and tanh in single precision for the recurrent gate loops, as a fixed sequence of float operations
 * (Cephes' expf and tanhf): {@link VectorGateMath} runs the same operations lane by lane, so a gate gets the same
 * bits from a vector lane as from the scalar tail, and on any machine. Within 1.5 ulp of the true exp and tanh and
 * 2.5 ulp of the true sigmoid (checked against float64 over [-90, 90] by {@code GateMathTest}); {@link Math#tanh} is
 * not an intrinsic and cost more than all the step's multiply-adds.
 */
final class GateMath {
  static final float LOG2E = 1.44269504088896341f;
  /** ln 2 in two parts (Cody–Waite): C1 has few enough bits that n·C1 is exact. */
  static final float LN2_HIGH = 0.693359375f;
  static final float LN2_LOW = -2.12194440e-4f;
  /** 1.5·2^23: adding it rounds to an integer held in the low mantissa bits. */
  static final float ROUNDER = 12582912f;
  static final int ROUNDER_BITS = Float.floatToRawIntBits(ROUNDER);
  /** exp's argument is clamped here, so 2^n stays a normal float. */
  static final float EXP_LOW = -87f;
  static final float EXP_HIGH = 88f;
  static final float E5 = 1.9875691500e-4f;
  static final float E4 = 1.3981999507e-3f;
  static final float E3 = 8.3334519073e-3f;
  static final float E2 = 4.1665795894e-2f;
  static final float E1 = 1.6666665459e-1f;
  static final float E0 = 5.0000001201e-1f;
  /** Below this |x|, tanh is the odd polynomial; above, 1 − 2/(e^{2|x|} + 1) with x's sign. */
  static final float TANH_SMALL = 0.625f;
  static final float T4 = -5.70498872745e-3f;
  static final float T3 = 2.06390887954e-2f;
  static final float T2 = -5.37397155531e-2f;
  static final float T1 = 1.33314422036e-1f;
  static final float T0 = -3.33332819422e-1f;

  private GateMath() {}

  static float exp(float x) {
    x = Math.min(Math.max(x, EXP_LOW), EXP_HIGH);
    float t = x * LOG2E + ROUNDER;
    float n = t - ROUNDER;
    float r = Math.fma(n, -LN2_HIGH, x);
    r = Math.fma(n, -LN2_LOW, r);
    float p = Math.fma(E5, r, E4);
    p = Math.fma(p, r, E3);
    p = Math.fma(p, r, E2);
    p = Math.fma(p, r, E1);
    p = Math.fma(p, r, E0);
    p = Math.fma(p, r * r, r) + 1f;
    float scale = Float.intBitsToFloat((Float.floatToRawIntBits(t) - ROUNDER_BITS + 127) << 23);
    return p * scale;
  }

  /** dst[to + i] = σ(src[from + i]) for i < len; src and dst do not overlap. */
  static void sigmoid(float[] src, int from, float[] dst, int to, int len) {
    if (MicroKernel.VECTOR && len >= VectorGateMath.lanes()) {
      VectorGateMath.sigmoid(src, from, dst, to, len);
      return;
    }
    for (int i = 0; i < len; i++) {
      dst[to + i] = sigmoid(src[from + i]);
    }
  }

  /** dst[to + i] = tanh(src[from + i]) for i < len; src and dst do not overlap. */
  static void tanh(float[] src, int from, float[] dst, int to, int len) {
    if (MicroKernel.VECTOR && len >= VectorGateMath.lanes()) {
      VectorGateMath.tanh(src, from, dst, to, len);
      return;
    }
    for (int i = 0; i < len; i++) {
      dst[to + i] = tanh(src[from + i]);
    }
  }

  static float sigmoid(float x) {
    return 1f / (exp(-x) + 1f);
  }

  static float tanh(float x) {
    float a = Math.abs(x);
    if (a < TANH_SMALL) {
      float z = x * x;
      float p = Math.fma(T4, z, T3);
      p = Math.fma(p, z, T2);
      p = Math.fma(p, z, T1);
      p = Math.fma(p, z, T0);
      return Math.fma(p * z, x, x);
    }
    return tanhOfLarge(x, exp(a + a));
  }

  /** tanh(x) for |x| ≥ {@link #TANH_SMALL}, from e = exp(2|x|). */
  static float tanhOfLarge(float x, float e) {
    float big = 1f - 2f / (e + 1f);
    return x < 0f ? -big : big;
  }
}
