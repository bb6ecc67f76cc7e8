package dev.nnet.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@code y = act(r + y)} a vector at a time, for {@link Epilogue#addResidual}. The scalar loop reads r and y at
 * different offsets, which C2 cannot prove apart and so does not vectorize (measured 3-4x slower than the
 * compiler's own same-index loop); here the lanes are explicit. Bit for bit the scalar loop: a float add, then the
 * Vector API's MAX, which is Math.max (NaN and signed zeros included).
 */
final class VectorResidual {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

  private VectorResidual() {}

  static void apply(Activation act, float[] y, int off, int len, float[] r, int rOff) {
    if (act != Activation.NONE && act != Activation.RELU) {
      act.applyInPlace(y, off, len, r, rOff); // sigmoid and tanh cost far more than the loads
      return;
    }
    int i = 0;
    int bound = S.loopBound(len);
    FloatVector zero = FloatVector.zero(S);
    for (; i < bound; i += S.length()) {
      FloatVector v = FloatVector.fromArray(S, r, rOff + i).add(FloatVector.fromArray(S, y, off + i));
      (act == Activation.RELU ? v.max(zero) : v).intoArray(y, off + i);
    }
    act.applyInPlace(y, off + i, len - i, r, rOff + i);
  }
}
