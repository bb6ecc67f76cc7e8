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

  /** PyTorch's leaky_relu: {@code x > 0 ? x : slope * x}; a method so a fused expression names x once. */
  public static float leakyRelu(float x, float slope) {
    return x > 0f ? x : slope * x;
  }

  /** The derivative of {@link #leakyRelu} at x, as PyTorch's backward reads it from the input. */
  public static float leakyReluSlope(float x, float slope) {
    return x > 0f ? 1f : slope;
  }

  // Evaluated in double so the float result is correctly rounded for every input, saturating cleanly at +-inf.
  private static float sigmoid(float x) {
    return (float) (1.0 / (1.0 + Math.exp(-(double) x)));
  }
}
