package dev.nnet.kernels;

/** Applied element-wise in epilogues: relu max(0,x); sigmoid 1/(1+exp(-x)); tanh (float, as Math.tanh). */
public enum Activation {
  NONE, RELU, SIGMOID, TANH;

  /** The activation of one value; NaN stays NaN for every kind. */
  public float apply(float x) {
    switch (this) {
      case RELU:
        return Math.max(x, 0f);
      case SIGMOID:
        return sigmoid(x);
      case TANH:
        return (float) Math.tanh(x);
      default:
        return x;
    }
  }

  /** Applies this activation in place to {@code a[off, off + len)}; the switch sits outside the loops. */
  public void applyInPlace(float[] a, int off, int len) {
    int end = off + len;
    switch (this) {
      case RELU:
        for (int i = off; i < end; i++) {
          a[i] = Math.max(a[i], 0f);
        }
        break;
      case SIGMOID:
        for (int i = off; i < end; i++) {
          a[i] = sigmoid(a[i]);
        }
        break;
      case TANH:
        for (int i = off; i < end; i++) {
          a[i] = (float) Math.tanh(a[i]);
        }
        break;
      default:
        break;
    }
  }

  /**
   * {@code a[i] = act(residual[i'] + a[i])} over {@code a[off, off + len)}, i' = rOff + (i - off): a residual added
   * after the bias and before the activation, rounded as the unfused {@code act(add(r, y))} loop rounds it.
   */
  public void applyInPlace(float[] a, int off, int len, float[] residual, int rOff) {
    int shift = rOff - off;
    int end = off + len;
    switch (this) {
      case RELU:
        for (int i = off; i < end; i++) {
          a[i] = Math.max(residual[i + shift] + a[i], 0f);
        }
        break;
      case SIGMOID:
        for (int i = off; i < end; i++) {
          a[i] = sigmoid(residual[i + shift] + a[i]);
        }
        break;
      case TANH:
        for (int i = off; i < end; i++) {
          a[i] = (float) Math.tanh(residual[i + shift] + a[i]);
        }
        break;
      default:
        for (int i = off; i < end; i++) {
          a[i] = residual[i + shift] + a[i];
        }
        break;
    }
  }

  /** PyTorch's leaky_relu: {@code x > 0 ? x : slope * x}; a method so a fused expression names x once. */
  public static float leakyRelu(float x, float slope) {
    return x > 0f ? x : slope * x;
  }

  /** The derivative of {@link #leakyRelu} at x, as PyTorch's backward reads it from the input. */
  public static float leakyReluSlope(float x, float slope) {
    return x > 0f ? 1f : slope;
  }

  // GELU's constants, public for the backends that evaluate it in their own code (PTX).
  public static final double SQRT_HALF = Math.sqrt(0.5);
  public static final double INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);
  public static final double SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);
  public static final double GELU_CUBIC = 0.044715;

  /** PyTorch's exact gelu, x * Phi(x) = x/2 * erfc(-x/sqrt 2), in double and rounded once: within one ulp. */
  public static float gelu(float x) {
    return (float) (0.5 * x * Erf.erfc(-x * SQRT_HALF));
  }

  /** d/dx gelu = Phi(x) + x * phi(x), read from the input as PyTorch's backward does. */
  public static float geluSlope(float x) {
    double d = x;
    return (float) (0.5 * Erf.erfc(-d * SQRT_HALF) + d * INV_SQRT_2PI * Math.exp(-0.5 * d * d));
  }

  /** gelu(approximate="tanh"): x/2 * (1 + tanh(sqrt(2/pi) * (x + 0.044715 x^3))). */
  public static float geluTanh(float x) {
    double d = x;
    return (float) (0.5 * d * (1 + Math.tanh(SQRT_2_OVER_PI * (d + GELU_CUBIC * d * d * d))));
  }

  /** The derivative of {@link #geluTanh}. */
  public static float geluTanhSlope(float x) {
    double d = x;
    double t = Math.tanh(SQRT_2_OVER_PI * (d + GELU_CUBIC * d * d * d));
    return (float) (0.5 * (1 + t) + 0.5 * d * (1 - t * t) * SQRT_2_OVER_PI * (1 + 3 * GELU_CUBIC * d * d));
  }

  // Evaluated in double so the float result is correctly rounded for every input, saturating cleanly at +-inf.
  private static float sigmoid(float x) {
    return (float) (1.0 / (1.0 + Math.exp(-(double) x)));
  }
}
