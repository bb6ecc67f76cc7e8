package dev.nnet.runtime.cuda;

import jcuda.Pointer;
import jcuda.driver.CUstream;
import jcuda.jcublas.JCublas2;
import jcuda.jcublas.cublasHandle;
import jcuda.jcublas.cublasStatus;
import jcuda.runtime.cudaStream_t;

/** {@link BlasCalls} over JCublas2, whose natives link {@code libcublas.so.12}. */
final class JCublasCalls implements BlasCalls {
    /** The first load's outcome: after a failed static initializer the JVM only says "Could not initialize class". */
    private static String failure;
    private static boolean loaded;

    private final cublasHandle handle = new cublasHandle();

    private JCublasCalls() {
    }

    /** Loads JCublas2's natives; where {@code libcublas.so.12} is missing that is one line, with the fix. */
    static synchronized BlasCalls load() {
        if (!loaded && failure == null) {
            try {
                JCublas2.setExceptionsEnabled(false);
                loaded = true;
            } catch (LinkageError e) {
                failure = missingLibraryMessage(e);
            }
        }
        if (failure != null) {
            throw new CudaException(failure);
        }
        return new JCublasCalls();
    }

    static String missingLibraryMessage(Throwable cause) {
        String detail = String.valueOf(cause.getMessage());
        String why = detail.contains("libcublas.so")
                ? "libcublas.so.12 was not found"
                : "JCublas's native library did not load (" + detail.strip().lines().findFirst().orElse("") + ")";
        return "cuBLAS is not available: " + why + "; put the folder holding libcublas.so.12 on LD_LIBRARY_PATH "
                + "(PyTorch's wheel ships it in site-packages/nvidia/cublas/lib), or use --gemm tiled";
    }

    @Override public int create(CUstream stream) {
        int status = JCublas2.cublasCreate(handle);
        return status != cublasStatus.CUBLAS_STATUS_SUCCESS ? status
                : JCublas2.cublasSetStream(handle, new cudaStream_t(stream));
    }

    @Override public int sgemm(int transA, int transB, int m, int n, int k, Pointer alpha, Pointer a, int lda,
                               Pointer b, int ldb, Pointer beta, Pointer c, int ldc) {
        return JCublas2.cublasSgemm(handle, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    }

    @Override public int destroy() {
        return JCublas2.cublasDestroy(handle);
    }

    @Override public String statusName(int status) {
        return cublasStatus.stringFor(status);
    }
}
