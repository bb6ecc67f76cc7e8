package dev.nnet.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The "lanes" layout (batch in the vector lanes) of {@link LaneConv} and {@code LaneWeightGradient}: samples in
 * blocks of {@link #L}, block b holding samples b·L .. b·L + L − 1 (lanes of missing samples zero), one channel's
 * plane zero-padded to Hp × Wp, element index {@code (((b·C + c)·Hp + h)·Wp + w)·L + lane}; one vector load gives a
 * pixel of L samples. Converting from and to NCHW is pure memory traffic: into lanes, full blocks go by one gather
 * per pixel (L samples at the stride of a sample), partial blocks by scalar copies; out of lanes, by scalar copies
 * ({@link #fromLanes} says why). (16 × 16 register transposes were 30% faster on these copies, 28 against 40 µs
 * a 92,160-float block, but C2's compile of them raised a training run's peak RSS by about 65 MB, past PyTorch's;
 * PROFILE.md, "lanes".)
 *
 * <p>Only loaded with {@code --add-modules jdk.incubator.vector}. Holds no workspace; allocates nothing.
 */
final class LaneLayout {
  static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  static final int L = S.length();

  final int channels;
  final int height;
  final int width;
  final int padH;
  final int padW;
  final int paddedH;
  final int paddedW;
  /** Floats of one block: C·Hp·Wp·L. */
  final int block;
  /** Gather offsets of one pixel of L consecutive NCHW samples: i·C·H·W. */
  private final int[] sampleStride;

  LaneLayout(int channels, int height, int width, int padH, int padW) {
    this.channels = channels;
    this.height = height;
    this.width = width;
    this.padH = padH;
    this.padW = padW;
    this.paddedH = height + 2 * padH;
    this.paddedW = width + 2 * padW;
    this.block = Math.multiplyExact(Math.multiplyExact(channels * paddedH, paddedW), L);
    this.sampleStride = strided(channels * height * width);
  }

  /** Blocks that n samples take. */
  static int blocks(int n) {
    return (n + L - 1) / L;
  }

  /**
   * Writes samples s0 .. s0 + count − 1 (count ≤ L) of NCHW x into the block at dst[dstOff]: the interior only (the
   * border is never written, so a zeroed buffer keeps it zero), lanes ≥ count set to zero.
   */
  void toLanes(float[] x, int xOff, int s0, int count, float[] dst, int dstOff) {
    int plane = height * width;
    if (count == L) {
      for (int c = 0; c < channels; c++) {
        int src = xOff + (s0 * channels + c) * plane;
        for (int h = 0; h < height; h++) {
          int at = dstOff + ((c * paddedH + h + padH) * paddedW + padW) * L;
          int from = src + h * width;
          for (int w = 0; w < width; w++) {
            FloatVector.fromArray(S, x, from + w, sampleStride, 0).intoArray(dst, at + w * L);
          }
        }
      }
      return;
    }
    for (int c = 0; c < channels; c++) {
      for (int h = 0; h < height; h++) {
        int at = dstOff + ((c * paddedH + h + padH) * paddedW + padW) * L;
        for (int w = 0; w < width; w++) {
          int from = xOff + (s0 * channels + c) * plane + h * width + w;
          int to = at + w * L;
          for (int lane = 0; lane < count; lane++) {
            dst[to + lane] = x[from + lane * channels * plane];
          }
          for (int lane = count; lane < L; lane++) {
            dst[to + lane] = 0f;
          }
        }
      }
    }
  }

  /**
   * y[s0 + lane, c, p] = act(src[srcOff + (c·stride + p − p0)·L + lane] + bias[c]) for lane < count and positions
   * p0 ≤ p < p1 of planes of {@code plane} positions: part of one unpadded block (its channels stride ≥ p1 − p0
   * positions apart) into NCHW. p0 a multiple of L; bias may be null.
   */
  static void fromLanes(float[] src, int srcOff, int channels, int plane, int stride, int p0, int p1, int s0,
      int count, float[] y, int yOff, float[] bias, Activation act) {
    // Scalar on purpose: the 16-lane gather this was (FloatVector.fromArray with an index map) was sometimes
    // compiled by C2 into code that boxes every vector, depending on what ran earlier in the JVM, so warm steps
    // allocated (kernels AllocationTest, JFR: ~130 samples a 25 s window here). The scalar copy costs ~10 µs on
    // mnist conv2's 44 µs (PROFILE.md, 2026-12-05 20:18) and never allocates.
    boolean relu = act == Activation.RELU;
    int sample = channels * plane;
    for (int c = 0; c < channels; c++) {
      float b = bias == null ? 0f : bias[c];
      int from = srcOff + (c * stride - p0) * L;
      int to = yOff + (s0 * channels + c) * plane;
      for (int lane = 0; lane < count; lane++) {
        int out = to + lane * sample;
        for (int p = p0; p < p1; p++) {
          float v = src[from + p * L + lane] + b;
          y[out + p] = relu ? Math.max(v, 0f) : v;
        }
        if (!relu && act != Activation.NONE) {
          act.applyInPlace(y, out + p0, p1 - p0);
        }
      }
    }
  }

  private static int[] strided(int stride) {
    int[] a = new int[L];
    for (int i = 0; i < L; i++) {
      a[i] = i * stride;
    }
    return a;
  }
}
