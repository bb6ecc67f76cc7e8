package dev.nnet.kernels;

import java.util.Arrays;

/**
 * NCHW tensors moved into the lane-blocked layout by plain loops, for the lane kernels' tests and benchmarks:
 * {@code index(b, c, h, w, lane) = off + (((b·C + c)·Hp + h)·Wp + w)·L + lane}, lanes past n zero. Only touch
 * {@link #L} with the Vector API module present.
 */
public final class Lanes {
  /** The lanes of the preferred float vector. */
  public static final int L = LaneWeightGradient.lanes();

  private Lanes() {}

  public static int blocks(int n) {
    return (n + L - 1) / L;
  }

  /**
   * A new array: {@code off} leading floats, then n samples of c × h × w in lanes on an hp × wp plane with the
   * interior at (padH, padW); the border (and the leading floats) hold {@code border}, lanes of samples ≥ n zero.
   */
  public static float[] of(float[] nchw, int n, int c, int h, int w, int off, int padH, int padW, int hp, int wp,
      float border) {
    float[] lanes = new float[off + blocks(n) * c * hp * wp * L];
    Arrays.fill(lanes, border);
    into(nchw, n, c, h, w, lanes, off, padH, padW, hp, wp);
    return lanes;
  }

  /** {@link #of} into an existing array, interior only: the border is left as it is (the bench's transpose). */
  public static void into(float[] nchw, int n, int c, int h, int w, float[] lanes, int off, int padH, int padW,
      int hp, int wp) {
    int blocks = blocks(n);
    for (int b = 0; b < blocks; b++) {
      for (int ch = 0; ch < c; ch++) {
        for (int i = 0; i < h; i++) {
          for (int j = 0; j < w; j++) {
            int at = off + (((b * c + ch) * hp + i + padH) * wp + j + padW) * L;
            for (int lane = 0; lane < L; lane++) {
              int sample = b * L + lane;
              lanes[at + lane] = sample < n ? nchw[((sample * c + ch) * h + i) * w + j] : 0f;
            }
          }
        }
      }
    }
  }
}
