package dev.nnet.kernels;

/**
 * One thread's packing buffers and accumulators for the blocked GEMM. Rows are separate arrays on purpose (see
 * {@link MicroKernel}).
 */
final class GemmWorkspace {
  /** Rows of C per block (a multiple of {@link MicroKernel#MR}). */
  static final int MC = 256;
  /** Columns of C per block: the length of an accumulator row and of a packed row of B. */
  static final int NB = 256;
  /** Depth (k) per block: packed rows of B, and columns of packed A. */
  static final int KC = 256;

  final float[] packedA = new float[MC * KC];
  final float[][] packedB = new float[KC][NB];
  /** Transposed op(B) for the Vector API kernel: row p at {@code p*NB}. */
  final float[] packedBFlat = new float[KC * NB];
  final float[][] acc = new float[MC][NB];
}
