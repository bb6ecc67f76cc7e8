package dev.nnet.kernels.bench;

import jdk.incubator.foreign.MemorySegment;
import jdk.incubator.foreign.ResourceScope;

/**
 * One {@link GemmBench} shape's operands copied to native memory, and single-threaded OpenBLAS on them. A class of
 * its own so that GemmBench loads in a JVM without {@code jdk.incubator.foreign}.
 */
final class OpenBlasGemm implements AutoCloseable {
  private final GemmBench.Shape s;
  private final OpenBlas blas = OpenBlas.singleThreaded();
  private final ResourceScope scope = ResourceScope.newConfinedScope();
  private final MemorySegment a;
  private final MemorySegment b;
  private final MemorySegment c;

  OpenBlasGemm(GemmBench.Shape s, float[] a, float[] b, float[] c) {
    this.s = s;
    this.a = copy(a);
    this.b = copy(b);
    this.c = copy(c);
  }

  String config() {
    return blas.config();
  }

  /** The benchmarked call: as the network makes it, without our epilogue (OpenBLAS has none). */
  void run() {
    blas.sgemm(s.transA, s.transB, s.m, s.n, s.k, 1f, a.address(), s.lda(), b.address(), s.ldb(), s.beta,
        c.address(), s.n);
  }

  /** C = op(A)·op(B) from zero, copied out. */
  float[] product() {
    blas.sgemm(s.transA, s.transB, s.m, s.n, s.k, 1f, a.address(), s.lda(), b.address(), s.ldb(), 0f, c.address(),
        s.n);
    return c.toFloatArray();
  }

  @Override
  public void close() {
    scope.close();
  }

  private MemorySegment copy(float[] x) {
    MemorySegment segment = MemorySegment.allocateNative(4L * x.length, 64, scope);
    segment.copyFrom(MemorySegment.ofArray(x));
    return segment;
  }
}
