package dev.nnet.kernels;

/**
 * The register-blocked inner kernel: {@code acc[r][j] += sum over p of ap(r, p) * bp[p][j]} for a block of rows.
 *
 * <p>Why rows of separate arrays: C2 in JDK 17 only vectorizes a loop when every float access in it has the same
 * alignment relative to the others, and it cannot compare two different loop-invariant offsets (it assumes they may
 * overlap in one array). Indexing each accumulator row and each packed row of B as {@code row[j]} gives all of them
 * the same (zero) offset, so the j-loop becomes 512-bit FMAs. Four rows by two steps of k is the largest block C2
 * still unrolls far enough to vectorize under its default limits; it keeps 8 broadcasts of A in registers and
 * reads each vector of B once per four rows. Packed A is plain row-major: its eight scalars per step are loaded
 * outside the vector loop, so their layout costs nothing there, and non-transposed A packs by row copies.
 *
 * <p>Every accumulator receives its products as one sequential chain of fused multiply-adds in increasing p, so
 * the result of a block does not depend on how k, m or n were blocked or split among threads.
 */
final class MicroKernel {
  /** Rows per register block. */
  static final int MR = 4;

  /**
   * C2 sizes a loop's unrolling, and so whether it vectorizes at all, from the trip count it profiled: one kernel
   * that also ran on narrow blocks compiled to ~60 instead of ~95 GFLOP/s on wide ones. Blocks at least this wide
   * go to their own copy of the kernel.
   */
  private static final int WIDE = 128;

  /**
   * Whether {@link VectorMicroKernel} runs instead: the JVM has the incubating Vector API module
   * ({@code --add-modules jdk.incubator.vector}) and {@code -Dnnet.vector=false} does not turn it off. Without the
   * module this class never touches the Vector API, so the kernels run on any Java 17 JVM.
   */
  static final boolean VECTOR = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
      && !"false".equals(System.getProperty("nnet.vector"));

  private MicroKernel() {}

  /**
   * The auto-vectorized kernel (used unless {@link #VECTOR}): accumulates {@code rows} (a multiple of {@link #MR})
   * rows of packed A times {@code kc} packed rows of B into the first {@code nb} columns of {@code acc}. Packed A is
   * row-major: row i, step p at {@code ap[i*kc + p]}.
   */
  static void scalar(float[] ap, float[][] bp, float[][] acc, int rows, int kc, int nb) {
    if (nb >= WIDE) {
      wide(ap, bp, acc, rows, kc, nb);
    } else {
      narrow(ap, bp, acc, rows, kc, nb);
    }
  }

  /** The kernel for blocks at least {@link #WIDE} columns wide. */
  private static void wide(float[] ap, float[][] bp, float[][] acc, int rows, int kc, int nb) {
    for (int ib = 0; ib < rows; ib += MR) {
      float[] q0 = acc[ib];
      float[] q1 = acc[ib + 1];
      float[] q2 = acc[ib + 2];
      float[] q3 = acc[ib + 3];
      int r0 = ib * kc;
      int r1 = r0 + kc;
      int r2 = r1 + kc;
      int r3 = r2 + kc;
      int p = 0;
      for (; p + 1 < kc; p += 2) {
        float a00 = ap[r0 + p];
        float a10 = ap[r1 + p];
        float a20 = ap[r2 + p];
        float a30 = ap[r3 + p];
        float a01 = ap[r0 + p + 1];
        float a11 = ap[r1 + p + 1];
        float a21 = ap[r2 + p + 1];
        float a31 = ap[r3 + p + 1];
        float[] b0 = bp[p];
        float[] b1 = bp[p + 1];
        for (int j = 0; j < nb; j++) {
          float x0 = b0[j];
          float x1 = b1[j];
          q0[j] = Math.fma(a01, x1, Math.fma(a00, x0, q0[j]));
          q1[j] = Math.fma(a11, x1, Math.fma(a10, x0, q1[j]));
          q2[j] = Math.fma(a21, x1, Math.fma(a20, x0, q2[j]));
          q3[j] = Math.fma(a31, x1, Math.fma(a30, x0, q3[j]));
        }
      }
      if (p < kc) {
        lastStep(ap[r0 + p], ap[r1 + p], ap[r2 + p], ap[r3 + p], bp[p], q0, q1, q2, q3, nb);
      }
    }
  }


  /** Identical to {@link #wide}; a separate method so narrow blocks do not shape the wide one's profile. */
  private static void narrow(float[] ap, float[][] bp, float[][] acc, int rows, int kc, int nb) {
    for (int ib = 0; ib < rows; ib += MR) {
      float[] q0 = acc[ib];
      float[] q1 = acc[ib + 1];
      float[] q2 = acc[ib + 2];
      float[] q3 = acc[ib + 3];
      int r0 = ib * kc;
      int r1 = r0 + kc;
      int r2 = r1 + kc;
      int r3 = r2 + kc;
      int p = 0;
      for (; p + 1 < kc; p += 2) {
        float a00 = ap[r0 + p];
        float a10 = ap[r1 + p];
        float a20 = ap[r2 + p];
        float a30 = ap[r3 + p];
        float a01 = ap[r0 + p + 1];
        float a11 = ap[r1 + p + 1];
        float a21 = ap[r2 + p + 1];
        float a31 = ap[r3 + p + 1];
        float[] b0 = bp[p];
        float[] b1 = bp[p + 1];
        for (int j = 0; j < nb; j++) {
          float x0 = b0[j];
          float x1 = b1[j];
          q0[j] = Math.fma(a01, x1, Math.fma(a00, x0, q0[j]));
          q1[j] = Math.fma(a11, x1, Math.fma(a10, x0, q1[j]));
          q2[j] = Math.fma(a21, x1, Math.fma(a20, x0, q2[j]));
          q3[j] = Math.fma(a31, x1, Math.fma(a30, x0, q3[j]));
        }
      }
      if (p < kc) {
        lastStep(ap[r0 + p], ap[r1 + p], ap[r2 + p], ap[r3 + p], bp[p], q0, q1, q2, q3, nb);
      }
    }
  }

  /** The odd final step of k, so k needs no padding and the chains stay exactly sequential. */
  private static void lastStep(float a0, float a1, float a2, float a3, float[] b,
      float[] q0, float[] q1, float[] q2, float[] q3, int nb) {
    for (int j = 0; j < nb; j++) {
      float x = b[j];
      q0[j] = Math.fma(a0, x, q0[j]);
      q1[j] = Math.fma(a1, x, q1[j]);
      q2[j] = Math.fma(a2, x, q2[j]);
      q3[j] = Math.fma(a3, x, q3[j]);
    }
  }
}
