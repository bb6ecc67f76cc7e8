package dev.nnet.kernels;

/**
 * The arguments of one {@link Gemm#sgemm} call, held by a reusable {@link Parallel.Task} so that its workers can
 * read them without a per-call object. {@link #solve} sets them, runs the task on every thread and lets go of the
 * caller's arrays afterwards, so they do not stay reachable between calls.
 */
abstract class GemmProblem implements Parallel.Task {
  boolean transA;
  boolean transB;
  int m;
  int n;
  int k;
  float alpha;
  float[] a;
  int aOff;
  int lda;
  float[] b;
  int bOff;
  int ldb;
  float beta;
  float[] c;
  int cOff;
  int ldc;
  float[] bias;
  int biasOff;
  boolean biasPerRow;
  Activation act;
  /** The ReLU output masking C ({@link Gemm#sgemmReluMasked}), laid out like C from {@link #maskOff}; or null. */
  float[] mask;
  int maskOff;

  /** Sets the problem, then {@link Parallel#run}s this task and {@link #finish}es on the calling thread. */
  final void solve(boolean transA, boolean transB, int m, int n, int k, float alpha,
      float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc,
      float[] bias, int biasOff, boolean biasPerRow, Activation act, float[] mask, int maskOff) {
    this.transA = transA;
    this.transB = transB;
    this.m = m;
    this.n = n;
    this.k = k;
    this.alpha = alpha;
    this.a = a;
    this.aOff = aOff;
    this.lda = lda;
    this.b = b;
    this.bOff = bOff;
    this.ldb = ldb;
    this.beta = beta;
    this.c = c;
    this.cOff = cOff;
    this.ldc = ldc;
    this.bias = bias;
    this.biasOff = biasOff;
    this.biasPerRow = biasPerRow;
    this.act = act;
    this.mask = mask;
    this.maskOff = maskOff;
    try {
      prepare();
      Parallel.run(this);
      finish();
    } finally {
      this.a = null;
      this.b = null;
      this.c = null;
      this.bias = null;
      this.mask = null;
    }
  }

  /** After the epilogue has stored row i's columns [j, j + len): the ReLU mask over them, if there is one. */
  final void maskRow(int i, int j, int len) {
    if (mask != null) {
      Epilogue.reluMaskRow(c, cOff + i * ldc + j, len, mask, maskOff + i * ldc + j);
    }
  }

  /** Before the workers start, on the calling thread: size workspaces for this problem. */
  void prepare() {}

  /** After every worker is done, on the calling thread: combine what the workers left. */
  void finish() {}
}
