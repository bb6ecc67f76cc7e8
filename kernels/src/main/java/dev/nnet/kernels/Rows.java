package dev.nnet.kernels;

/**
 * The columns of one model input in the float rows of the data path: a sample's inputs side by side (token ids
 * [L] then its length [1], say), each input copied out to its own array, ints checked to be whole numbers.
 */
public final class Rows {
  private Rows() {
  }

  /** Columns [offset, offset + count) of each of the first {@code n} rows, {@code width} floats each, as ints. */
  public static void ints(int n, float[] rows, int width, int offset, int count, int[] out) {
    for (int r = 0; r < n; r++) {
      for (int j = 0; j < count; j++) {
        float v = rows[r * width + offset + j];
        int id = (int) v;
        if (id != v) {
          throw new InputDataException("integer input: value " + v + " in sample " + r + ", column "
              + (offset + j) + " is not a whole number (ids and lengths must be integers)");
        }
        out[r * count + j] = id;
      }
    }
  }

  /** Columns [offset, offset + count) of each of the first {@code n} rows, {@code width} floats each. */
  public static void floats(int n, float[] rows, int width, int offset, int count, float[] out) {
    for (int r = 0; r < n; r++) {
      System.arraycopy(rows, r * width + offset, out, r * count, count);
    }
  }
}
