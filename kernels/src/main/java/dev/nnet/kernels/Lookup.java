package dev.nnet.kernels;

import java.util.Arrays;

/** Embedding lookup: rows of a [vocabulary, dim] table by integer index, and its gradient by scatter-add. */
public final class Lookup {
  private Lookup() {
  }

  /** {@code out[i] = weight[ids[i]]} for the first {@code count} ids, each row {@code dim} long. */
  public static void forward(int count, int[] ids, float[] weight, int vocabulary, int dim, float[] out) {
    for (int i = 0; i < count; i++) {
      int id = ids[i];
      if (id < 0 || id >= vocabulary) {
        throw new InputDataException("embedding: index " + id + " at position " + i
            + " is outside the vocabulary 0.." + (vocabulary - 1));
      }
      System.arraycopy(weight, id * dim, out, i * dim, dim);
    }
  }

  /**
   * Overwrites {@code dWeight} [vocabulary, dim] with the sum of the rows of {@code dy} that each index selected; the
   * row {@code paddingIdx} (none if negative) stays zero, as PyTorch's padding row gets no gradient.
   */
  public static void backward(int count, int[] ids, float[] dy, int vocabulary, int dim, int paddingIdx,
      float[] dWeight) {
    Arrays.fill(dWeight, 0, vocabulary * dim, 0f);
    for (int i = 0; i < count; i++) {
      int id = ids[i];
      if (id == paddingIdx) {
        continue;
      }
      int row = id * dim;
      int from = i * dim;
      for (int j = 0; j < dim; j++) {
        dWeight[row + j] += dy[from + j];
      }
    }
  }
}
