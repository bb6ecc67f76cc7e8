package dev.nnet.kernels;

/**
 * The position of a max-pooling window's maximum, by ATen's rule: scanning in window order from -inf, a value is
 * taken when it is greater than the maximum so far or NaN. So the first of equal maxima wins, -0 and +0 tie, a
 * window of -inf reports its first position, and once a NaN is seen the last NaN wins.
 *
 * <p>Comparing floats with branches mispredicts about half the time on real activations, and C2 turns neither float
 * nor long comparisons here into conditional moves. So each value becomes an int key that orders like {@code >}
 * does, the maximum is taken with {@link Math#max(int, int)} (a conditional move), and the position is kept with
 * bit masks: no branch depends on the data. NaN, which the keys cannot order, is detected on the way (adding zero
 * times each value) and sent to the plain scan, as are windows holding an infinity, which trip the same test.
 */
final class MaxWindow {
  private MaxWindow() {}

  /** Index, within the plane at {@code x[plane]} of the given width, of the maximum of rows [h0,h1), cols [w0,w1). */
  static int of(float[] x, int plane, int width, int h0, int h1, int w0, int w1) {
    int max = Integer.MIN_VALUE;
    int best = h0 * width + w0;
    float probe = 0f;
    for (int h = h0; h < h1; h++) {
      for (int w = w0; w < w1; w++) {
        int at = h * width + w;
        float v = x[plane + at];
        probe += v * 0f;
        int key = key(v);
        int raised = Math.max(max, key);
        int taken = ~equalMask(raised, max); // all ones only when strictly greater: ties keep the earlier
        best = (best & ~taken) | (at & taken);
        max = raised;
      }
    }
    return probe == 0f ? best : scan(x, plane, width, h0, h1, w0, w1);
  }

  /** {@link #of} for a 2×2 window whose top-left element is at {@code at}, fully inside the plane. */
  static int ofTwoByTwo(float[] x, int plane, int at, int width) {
    int below = at + width;
    float v0 = x[plane + at];
    float v1 = x[plane + at + 1];
    float v2 = x[plane + below];
    float v3 = x[plane + below + 1];
    if ((v0 + v1) * 0f + (v2 + v3) * 0f != 0f) {
      return scan(x, plane, width, at / width, at / width + 2, at % width, at % width + 2);
    }
    int k0 = key(v0);
    int k1 = key(v1);
    int k2 = key(v2);
    int k3 = key(v3);
    int max = Math.max(Math.max(k0, k1), Math.max(k2, k3));
    // the first position holding the maximum: start from the last and let earlier matches overwrite
    int best = below + 1;
    int e2 = equalMask(k2, max);
    best = (best & ~e2) | (below & e2);
    int e1 = equalMask(k1, max);
    best = (best & ~e1) | ((at + 1) & e1);
    int e0 = equalMask(k0, max);
    return (best & ~e0) | (at & e0);
  }

  /** An int ordered like the float under {@code >}; adding +0 first turns -0 into +0 so the two tie. */
  private static int key(float v) {
    int bits = Float.floatToRawIntBits(v + 0f);
    return bits ^ ((bits >> 31) & 0x7fffffff);
  }

  /** All ones when a == b, else zero, without a branch. */
  private static int equalMask(int a, int b) {
    int d = a ^ b;
    return ~((d | -d) >> 31);
  }

  /** ATen's loop as written, for windows holding a NaN or an infinity. */
  private static int scan(float[] x, int plane, int width, int h0, int h1, int w0, int w1) {
    float max = Float.NEGATIVE_INFINITY;
    int best = h0 * width + w0;
    for (int h = h0; h < h1; h++) {
      for (int w = w0; w < w1; w++) {
        float v = x[plane + h * width + w];
        if (v > max || v != v) {
          max = v;
          best = h * width + w;
        }
      }
    }
    return best;
  }
}
