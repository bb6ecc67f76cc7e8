package dev.nnet.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Epilogue#reluMaskRow} with the Vector API: the same integer sign mask, {@code bits(c) & (-bits(y) >> 31)},
 * a vector of lanes at a time (C2 on JDK 17 leaves the scalar loop unvectorized: its float-to-bits moves stop it).
 * Same bits as the scalar loop. Only loaded with the Vector API.
 */
final class VectorReluMask {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();

  private VectorReluMask() {}

  static void apply(float[] c, int co, int len, float[] relu, int mo) {
    int j = 0;
    for (; j + L <= len; j += L) {
      IntVector v = FloatVector.fromArray(S, c, co + j).reinterpretAsInts();
      IntVector y = FloatVector.fromArray(S, relu, mo + j).reinterpretAsInts();
      IntVector keep = y.neg().lanewise(VectorOperators.ASHR, 31);
      v.and(keep).reinterpretAsFloats().intoArray(c, co + j);
    }
    for (; j < len; j++) {
      c[co + j] = Epilogue.reluMask(c[co + j], relu[mo + j]);
    }
  }
}
