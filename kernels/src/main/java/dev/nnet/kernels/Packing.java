package dev.nnet.kernels;

/**
 * Copies blocks of op(A) and op(B) into the layouts {@link MicroKernel} reads: A in blocks of {@link MicroKernel#MR}
 * rows, interleaved so one step of k is {@code MR} consecutive floats; B as one array per row of k, so the kernel's
 * inner loop reads contiguous memory at offset zero. Transposition happens here, once per block.
 */
final class Packing {
  // Columns of op(B) gathered together when B is transposed: a cache line of each source row per pass.
  private static final int GATHER = 16;

  private Packing() {}

  /**
   * Packs rows {@code [i0, i0 + mc)} and columns {@code [p0, p0 + kc)} of op(A) into {@code ap}; rows past
   * {@code mc} up to the next multiple of {@code MR} are zero.
   */
  static void packA(boolean trans, float[] a, int aOff, int lda, int i0, int mc, int p0, int kc, float[] ap) {
    final int mr = MicroKernel.MR;
    for (int ib = 0; ib < mc; ib += mr) {
      int rows = Math.min(mr, mc - ib);
      int base = ib * kc;
      if (!trans) {
        for (int r = 0; r < rows; r++) {
          int src = aOff + (i0 + ib + r) * lda + p0;
          for (int p = 0, d = base + r; p < kc; p++, d += mr) {
            ap[d] = a[src + p];
          }
        }
      } else {
        for (int p = 0; p < kc; p++) {
          int src = aOff + (p0 + p) * lda + i0 + ib;
          int d = base + p * mr;
          for (int r = 0; r < rows; r++) {
            ap[d + r] = a[src + r];
          }
        }
      }
      for (int r = rows; r < mr; r++) {
        for (int p = 0, d = base + r; p < kc; p++, d += mr) {
          ap[d] = 0f;
        }
      }
    }
  }

  /** Packs rows {@code [p0, p0 + kc)} and columns {@code [j0, j0 + nb)} of op(B) into {@code bp[p][0..nb)}. */
  static void packB(boolean trans, float[] b, int bOff, int ldb, int p0, int kc, int j0, int nb, float[][] bp) {
    if (!trans) {
      for (int p = 0; p < kc; p++) {
        System.arraycopy(b, bOff + (p0 + p) * ldb + j0, bp[p], 0, nb);
      }
      return;
    }
    // op(B)[p][j] = b[(j0 + j) * ldb + p0 + p]: walk a few stored rows at a time along p.
    for (int jb = 0; jb < nb; jb += GATHER) {
      int jEnd = Math.min(nb, jb + GATHER);
      for (int p = 0; p < kc; p++) {
        float[] row = bp[p];
        int src = bOff + (j0 + jb) * ldb + p0 + p;
        for (int j = jb; j < jEnd; j++, src += ldb) {
          row[j] = b[src];
        }
      }
    }
  }
}
