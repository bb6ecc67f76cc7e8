package dev.nnet.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * Whole-plane runs of im2col and col2im with the Vector API, for unit strides and output rows as wide as input rows
 * (3×3 with padding 1 and the like). There a tap's valid rows are one run offset by a constant in both the image
 * and the column matrix, except for the columns that fall in the padding; a per-tap mask blends those lanes away,
 * so they neither copy nor add anything. Every other element gets the same single copy or add as the scalar loops
 * (which do a row at a time: C2 leaves {@code d[i] += s[i]} scalar, and row runs are only 4–24 floats), so results
 * are bit-identical. One species only: mixing species made some Vector API calls fail to compile (boxed, 2×–3×
 * slower), in other methods too.
 *
 * <p>Only loaded when the JVM runs with {@code --add-modules jdk.incubator.vector}; {@link MicroKernel#VECTOR} says
 * so before any caller reaches here.
 */
final class VectorRuns {
  private static final VectorSpecies<Float> PLANE = FloatVector.SPECIES_PREFERRED;

  private VectorRuns() {}

  /** {@code dst[d + i] = inside[m + i] ? src[s + i] : 0} for i in [0, len). */
  static void copyMasked(float[] src, int s, float[] dst, int d, int len, boolean[] inside, int m) {
    int lanes = PLANE.length();
    FloatVector zero = FloatVector.zero(PLANE);
    int i = 0;
    for (; i <= len - lanes; i += lanes) {
      VectorMask<Float> keep = VectorMask.fromArray(PLANE, inside, m + i);
      zero.blend(FloatVector.fromArray(PLANE, src, s + i), keep).intoArray(dst, d + i);
    }
    for (; i < len; i++) {
      dst[d + i] = inside[m + i] ? src[s + i] : 0f;
    }
  }

  /** {@code dst[d + i] += src[s + i]} where {@code inside[m + i]}, for i in [0, len); other elements keep theirs. */
  static void addMasked(float[] src, int s, float[] dst, int d, int len, boolean[] inside, int m) {
    int lanes = PLANE.length();
    int i = 0;
    for (; i <= len - lanes; i += lanes) {
      VectorMask<Float> keep = VectorMask.fromArray(PLANE, inside, m + i);
      FloatVector old = FloatVector.fromArray(PLANE, dst, d + i);
      old.blend(old.add(FloatVector.fromArray(PLANE, src, s + i)), keep).intoArray(dst, d + i);
    }
    for (; i < len; i++) {
      if (inside[m + i]) {
        dst[d + i] += src[s + i];
      }
    }
  }
}
