package dev.nnet.kernels;

/**
 * Writes finished sums into C: {@code c = alpha*sum + beta*c} (beta 0 ignores c's old contents, even NaN), then the
 * bias, then the activation. The blocked and the direct GEMM paths both round exactly as written here, so a result
 * does not depend on which path computed it.
 */
final class Epilogue {
  private Epilogue() {}

  /**
   * Stores row {@code sums[0..len)} into {@code c[co..co+len)}. With {@code biasPerRow} the row adds the single
   * value {@code bias[biasIndex]}, otherwise column j adds {@code bias[biasIndex + j]}; {@code bias} may be null.
   */
  static void storeRow(float[] sums, float alpha, float beta, float[] c, int co, int len,
      float[] bias, int biasIndex, boolean biasPerRow, Activation act) {
    if (beta == 0f) {
      for (int j = 0; j < len; j++) {
        c[co + j] = alpha * sums[j];
      }
    } else {
      for (int j = 0; j < len; j++) {
        c[co + j] = alpha * sums[j] + beta * c[co + j];
      }
    }
    addBiasAndActivate(c, co, len, bias, biasIndex, biasPerRow, act);
  }

  /** {@link #storeRow} from {@code sums[from..from+len)}, for rows shorter than a loop worth vectorizing. */
  static void storeRow(float[] sums, int from, float alpha, float beta, float[] c, int co, int len,
      float[] bias, int biasIndex, boolean biasPerRow, Activation act) {
    for (int j = 0; j < len; j++) {
      c[co + j] = beta == 0f ? alpha * sums[from + j] : alpha * sums[from + j] + beta * c[co + j];
    }
    addBiasAndActivate(c, co, len, bias, biasIndex, biasPerRow, act);
  }

  /**
   * {@link #storeRow} with beta 0 for sums already in {@code c[co..co+len)}: {@code c = alpha*c}, bias, activation,
   * rounded exactly as storeRow rounds them.
   */
  static void finishInPlace(float alpha, float[] c, int co, int len, float[] bias, int biasIndex, boolean biasPerRow,
      Activation act) {
    if (alpha != 1f) {
      for (int j = co; j < co + len; j++) {
        c[j] = alpha * c[j];
      }
    }
    addBiasAndActivate(c, co, len, bias, biasIndex, biasPerRow, act);
  }

  /** The epilogue when there is no product to add (k == 0 or alpha == 0): {@code c = beta*c}, bias, activation. */
  static void scaleRow(float beta, float[] c, int co, int len, float[] bias, int biasIndex, boolean biasPerRow,
      Activation act) {
    for (int j = 0; j < len; j++) {
      c[co + j] = beta == 0f ? 0f : beta * c[co + j];
    }
    addBiasAndActivate(c, co, len, bias, biasIndex, biasPerRow, act);
  }

  /** One element, rounded exactly like {@link #storeRow}. */
  static float value(float sum, float alpha, float beta, float old, float[] bias, int biasIndex, Activation act) {
    float v = beta == 0f ? alpha * sum : alpha * sum + beta * old;
    if (bias != null) {
      v += bias[biasIndex];
    }
    return act.apply(v);
  }

  /**
   * {@code y[off..off+len) = act(r + y)}, r at {@code rOff}: a residual added after the bias, before the activation,
   * rounded as the unfused loop {@code act(add(r, y))}. y and r must not overlap.
   */
  static void addResidual(float[] y, int off, int len, float[] r, int rOff, Activation act) {
    if (MicroKernel.VECTOR) {
      VectorResidual.apply(act, y, off, len, r, rOff);
    } else {
      act.applyInPlace(y, off, len, r, rOff);
    }
  }

  private static void addBiasAndActivate(float[] c, int co, int len, float[] bias, int biasIndex,
      boolean biasPerRow, Activation act) {
    if (bias != null) {
      if (biasPerRow) {
        float v = bias[biasIndex];
        for (int j = 0; j < len; j++) {
          c[co + j] += v;
        }
      } else {
        for (int j = 0; j < len; j++) {
          c[co + j] += bias[biasIndex + j];
        }
      }
    }
    act.applyInPlace(c, co, len);
  }

  /**
   * The gradient through a ReLU, after the rest of the epilogue: {@code c[co + j]} stays where the ReLU output
   * {@code relu[mo + j]} is positive and becomes +0 elsewhere. The same sign mask as the generated relu_grad loop
   * (bits(c) & (-bits(y) >> 31)), so the bits are that loop's; with the Vector API, {@link VectorReluMask}.
   */
  static void reluMaskRow(float[] c, int co, int len, float[] relu, int mo) {
    if (MicroKernel.VECTOR) {
      VectorReluMask.apply(c, co, len, relu, mo);
      return;
    }
    for (int j = 0; j < len; j++) {
      c[co + j] = reluMask(c[co + j], relu[mo + j]);
    }
  }

  /** One element of {@link #reluMaskRow}. */
  static float reluMask(float v, float y) {
    return Float.intBitsToFloat(Float.floatToRawIntBits(v) & (-Float.floatToRawIntBits(y) >> 31));
  }
}
