package dev.nnet.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Short rows between NCHW planes and {@link ShiftedConv}'s pitch of a shifted copy, a vector at a time: with 24–28 floats a row,
 * {@code System.arraycopy} and the scalar epilogue loop cost {@code ShiftedConv} as much as its FMAs (ConvMin, mnist
 * conv1: 245 of 486 µs). A row at least a vector wide is whole vectors plus one last vector ending at the row's end,
 * which stores some of the row's values twice (the same values: source and destination never overlap); narrower
 * rows go element by element.
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

  /**
   * {@code out = max(wide + b, floor)} for rows rows of width floats, from the pitch of a shifted copy to a dense plane: floor 0
   * is ReLU (as {@code Math.max(v, 0f)}), −∞ none (NaN stays NaN).
   */
  static void store(float[] wide, int src, int pitch, int rows, int width, float b, float floor, float[] out,
      int dst) {
    if (width < L) {
      for (int r = 0; r < rows; r++) {
        for (int c = 0; c < width; c++) {
          out[dst + r * width + c] = Math.max(wide[src + r * pitch + c] + b, floor);
        }
      }
      return;
    }
    FloatVector bias = FloatVector.broadcast(S, b);
    FloatVector low = FloatVector.broadcast(S, floor);
    int last = width - L;
    for (int r = 0; r < rows; r++) {
      int f = src + r * pitch;
      int t = dst + r * width;
      for (int i = 0; i < last; i += L) {
        FloatVector.fromArray(S, wide, f + i).add(bias).max(low).intoArray(out, t + i);
      }
      FloatVector.fromArray(S, wide, f + last).add(bias).max(low).intoArray(out, t + last);
    }
  }
}
