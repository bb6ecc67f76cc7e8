package dev.nnet.kernels;

import java.util.Arrays;

/**
 * Copies blocks of op(A) and op(B) into the layouts {@link MicroKernel} reads: A row-major and contiguous, padded
 * with zero rows to a multiple of {@link MicroKernel#MR}; B as one array per row of k, so the kernel's inner loop
 * reads contiguous memory at offset zero. Transposition happens here, once per block.
 *
 * <p>Packing is pure data movement that C2 cannot vectorize when it transposes, so the transposing loops move
 * four source rows at a time: every load walks a source row contiguously.
 */
final class Packing {
  private Packing() {}

  /**
   * Packs rows {@code [i0, i0 + mc)} and columns {@code [p0, p0 + kc)} of op(A) row-major into {@code ap}
   * ({@code ap[i*kc + p]}); rows past {@code mc} up to the next multiple of {@code MR} are zero.
   */
  static void packA(boolean trans, float[] a, int aOff, int lda, int i0, int mc, int p0, int kc, float[] ap) {
    final int mr = MicroKernel.MR;
    if (!trans) {
      for (int i = 0; i < mc; i++) {
        System.arraycopy(a, aOff + (i0 + i) * lda + p0, ap, i * kc, kc);
      }
    } else {
      // op(A)[i][p] = a[(p0 + p) * lda + i0 + i]: four columns of the stored matrix at a time.
      int i = 0;
      for (; i + mr <= mc; i += mr) {
        int d0 = i * kc;
        int d1 = d0 + kc;
        int d2 = d1 + kc;
        int d3 = d2 + kc;
        for (int p = 0, s = aOff + p0 * lda + i0 + i; p < kc; p++, s += lda) {
          ap[d0 + p] = a[s];
          ap[d1 + p] = a[s + 1];
          ap[d2 + p] = a[s + 2];
          ap[d3 + p] = a[s + 3];
        }
      }
      for (; i < mc; i++) {
        for (int p = 0, s = aOff + p0 * lda + i0 + i; p < kc; p++, s += lda) {
          ap[i * kc + p] = a[s];
        }
      }
    }
    int padded = (mc + mr - 1) / mr * mr;
    Arrays.fill(ap, mc * kc, padded * kc, 0f);
  }

  /** Packs rows {@code [p0, p0 + kc)} and columns {@code [j0, j0 + nb)} of op(B) into {@code bp[p][0..nb)}. */
  static void packB(boolean trans, float[] b, int bOff, int ldb, int p0, int kc, int j0, int nb, float[][] bp) {
    if (!trans) {
      for (int p = 0; p < kc; p++) {
        System.arraycopy(b, bOff + (p0 + p) * ldb + j0, bp[p], 0, nb);
      }
      return;
    }
    // op(B)[p][j] = b[(j0 + j) * ldb + p0 + p]: eight stored rows (eight columns of op(B)) at a time.
    int j = 0;
    for (; j + 8 <= nb; j += 8) {
      int s0 = bOff + (j0 + j) * ldb + p0;
      int s1 = s0 + ldb;
      int s2 = s1 + ldb;
      int s3 = s2 + ldb;
      int s4 = s3 + ldb;
      int s5 = s4 + ldb;
      int s6 = s5 + ldb;
      int s7 = s6 + ldb;
      for (int p = 0; p < kc; p++) {
        float[] row = bp[p];
        row[j] = b[s0 + p];
        row[j + 1] = b[s1 + p];
        row[j + 2] = b[s2 + p];
        row[j + 3] = b[s3 + p];
        row[j + 4] = b[s4 + p];
        row[j + 5] = b[s5 + p];
        row[j + 6] = b[s6 + p];
        row[j + 7] = b[s7 + p];
      }
    }
    for (; j < nb; j++) {
      int s = bOff + (j0 + j) * ldb + p0;
      for (int p = 0; p < kc; p++) {
        bp[p][j] = b[s + p];
      }
    }
  }

  /**
   * Packs rows {@code [p0, p0 + kc)} and columns {@code [j0, j0 + nb)} of op(B) = Bᵀ into one array, row p at
   * {@code bp[p*ld]}, for the Vector API kernel; eight stored rows at a time, as in {@link #packB}.
   */
  static void packBTransposed(float[] b, int bOff, int ldb, int p0, int kc, int j0, int nb, float[] bp, int ld) {
    int j = 0;
    for (; j + 8 <= nb; j += 8) {
      int s0 = bOff + (j0 + j) * ldb + p0;
      int s1 = s0 + ldb;
      int s2 = s1 + ldb;
      int s3 = s2 + ldb;
      int s4 = s3 + ldb;
      int s5 = s4 + ldb;
      int s6 = s5 + ldb;
      int s7 = s6 + ldb;
      for (int p = 0, d = j; p < kc; p++, d += ld) {
        bp[d] = b[s0 + p];
        bp[d + 1] = b[s1 + p];
        bp[d + 2] = b[s2 + p];
        bp[d + 3] = b[s3 + p];
        bp[d + 4] = b[s4 + p];
        bp[d + 5] = b[s5 + p];
        bp[d + 6] = b[s6 + p];
        bp[d + 7] = b[s7 + p];
      }
    }
    for (; j < nb; j++) {
      int s = bOff + (j0 + j) * ldb + p0;
      for (int p = 0; p < kc; p++) {
        bp[p * ld + j] = b[s + p];
      }
    }
  }
}
