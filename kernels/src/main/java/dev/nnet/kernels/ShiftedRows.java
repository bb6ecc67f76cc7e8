package dev.nnet.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link ShiftedConv}'s row copies and ReLU pass. Short rows (24–32 floats: the shifted copies of x) are copied a
 * vector at a time: per row, {@code System.arraycopy} costs more in calls than in floats moved. A row at least a
 * vector wide is whole vectors plus one last vector ending at the row's end, which stores some of the row's values
 * twice (the same values: source and destination never overlap); narrower rows go by {@code System.arraycopy}.
 */
final class ShiftedRows {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();

  private ShiftedRows() {}

  /** Copies rows rows of width floats, from pitch fromPitch to pitch toPitch. */
  static void copy(float[] from, int src, int fromPitch, float[] to, int dst, int toPitch, int rows, int width) {
    if (width < L) {
      for (int r = 0; r < rows; r++) {
        System.arraycopy(from, src + r * fromPitch, to, dst + r * toPitch, width);
      }
      return;
    }
    int last = width - L;
    for (int r = 0; r < rows; r++) {
      int f = src + r * fromPitch;
      int t = dst + r * toPitch;
      for (int i = 0; i < last; i += L) {
        FloatVector.fromArray(S, from, f + i).intoArray(to, t + i);
      }
      FloatVector.fromArray(S, from, f + last).intoArray(to, t + last);
    }
  }

  /** {@code y = max(y, 0)} over {@code y[at, at + len)}, as {@code Math.max(v, 0f)}. */
  static void relu(float[] y, int at, int len) {
    FloatVector zero = FloatVector.zero(S);
    int end = at + len;
    int i = at;
    for (; i <= end - L; i += L) {
      FloatVector.fromArray(S, y, i).max(zero).intoArray(y, i);
    }
    for (; i < end; i++) {
      y[i] = Math.max(y[i], 0f);
    }
  }
}
