package dev.nnet.runtime.cuda;

import jcuda.Pointer;
import jcuda.driver.CUstream;

/** The cuBLAS calls {@link CudaBlas} makes, each returning a {@code cublasStatus}; faked in tests. */
interface BlasCalls {
    /** Creates the handle and binds it to {@code stream}; returns the status of the first call that failed. */
    int create(CUstream stream);

    /** Column-major {@code cublasSgemm} with host-side alpha and beta. */
    int sgemm(int transA, int transB, int m, int n, int k, Pointer alpha, Pointer a, int lda, Pointer b, int ldb,
              Pointer beta, Pointer c, int ldc);

    int destroy();

    /** The name of a {@code cublasStatus}, e.g. CUBLAS_STATUS_NOT_INITIALIZED. */
    String statusName(int status);
}
