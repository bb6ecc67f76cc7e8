package dev.nnet.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Max pooling a vector of consecutive outputs at a time, for {@link Pool2d} when the Vector API is on. Tap t of
 * output o reads position {@code tapIndex[t][o]} of its plane: each tap is one gather of a value per output, so any
 * kernel, stride, padding and plane width vectorise the same way, and outputs run across row ends. A tap outside
 * the image (padding, a ceil-mode window's clipped end) reads the window's first position inside it instead: that
 * copy is never strictly greater than the value it repeats, so it changes neither the maximum nor its position.
 *
 * <p>The rule is {@link MaxWindow}'s, lane by lane: each value becomes an int key ordered like {@code >} (-0 and +0
 * tie), a tap is taken where its key is strictly greater, so the first of equal maxima wins, and the output is the
 * raw value at the winning position. A vector whose windows hold a NaN (or an infinity, which trips the same test)
 * is left to the scalar loop, which follows ATen's scan exactly.
 */
final class VectorMaxPool {
  private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;

  private VectorMaxPool() {}

  static int lanes() {
    return F.length();
  }

  /**
   * Outputs [o, o + lanes) of the plane at {@code x[xp]}. Writes y from {@code y[yp + o]} and, when non-null,
   * indices from {@code indices[ip + o]}; returns false, having written nothing, when a window holds a NaN or an
   * infinity.
   */
  static boolean outputs(float[] x, int xp, int[][] tapIndex, int o, float[] y, int yp, int[] indices, int ip) {
    FloatVector v = FloatVector.fromArray(F, x, xp, tapIndex[0], o);
    FloatVector probe = v.mul(0f);
    IntVector raw = v.reinterpretAsInts();
    IntVector max = key(v);
    IntVector best = IntVector.fromArray(I, tapIndex[0], o);
    for (int t = 1; t < tapIndex.length; t++) {
      v = FloatVector.fromArray(F, x, xp, tapIndex[t], o);
      probe = probe.add(v.mul(0f));
      IntVector k = key(v);
      VectorMask<Integer> greater = k.compare(VectorOperators.GT, max);
      best = best.blend(IntVector.fromArray(I, tapIndex[t], o), greater);
      raw = raw.blend(v.reinterpretAsInts(), greater);
      max = max.max(k);
    }
    if (probe.compare(VectorOperators.NE, 0f).anyTrue()) {
      return false;
    }
    raw.reinterpretAsFloats().intoArray(y, yp + o);
    if (indices != null) {
      best.intoArray(indices, ip + o);
    }
    return true;
  }

  /** {@link MaxWindow}'s key: the bits of v + 0 (so -0 becomes +0), with the magnitude flipped for negatives. */
  private static IntVector key(FloatVector v) {
    IntVector bits = v.add(0f).reinterpretAsInts();
    return bits.lanewise(VectorOperators.XOR, bits.lanewise(VectorOperators.ASHR, 31).and(0x7fffffff));
  }
}
