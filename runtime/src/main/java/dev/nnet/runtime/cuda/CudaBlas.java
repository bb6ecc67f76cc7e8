package dev.nnet.runtime.cuda;

import jcuda.Pointer;
import jcuda.driver.CUstream;

/**
 * Row-major SGEMM on the device's stream through cuBLAS: {@code C = alpha·op(A)·op(B) + beta·C}, with A, B and C
 * stored row by row with leading dimensions lda, ldb, ldc (as the CPU kernels store them). cuBLAS is column-major;
 * a row-major matrix read column-major is its transpose, so C^T = op(B)^T·op(A)^T is one column-major call with the
 * operands swapped and no data moved.
 */
public final class CudaBlas {
    private static final int OP_N = 0;
    private static final int OP_T = 1;

    private final BlasCalls calls;
    /** Host-side scalars behind pointers made once, so a call allocates nothing. */
    private final float[] alphaValue = new float[1];
    private final float[] betaValue = new float[1];
    private final Pointer alpha = Pointer.to(alphaValue);
    private final Pointer beta = Pointer.to(betaValue);

    private CudaBlas(BlasCalls calls) {
        this.calls = calls;
    }

    static CudaBlas create(BlasCalls calls, CUstream stream) {
        int status = calls.create(stream);
        if (status != 0) {
            throw new CudaException("creating the cuBLAS handle failed with " + calls.statusName(status)
                    + "; check the GPU with nvidia-smi, or use --gemm tiled");
        }
        return new CudaBlas(calls);
    }

    /** {@code C[m×n] = alpha·op(A)[m×k]·op(B)[k×n] + beta·C}, all row-major. */
    public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, DeviceBuffer a, int lda,
                      DeviceBuffer b, int ldb, float beta, DeviceBuffer c, int ldc) {
        checkMatrix("A", a, transA ? k : m, transA ? m : k, lda);
        checkMatrix("B", b, transB ? n : k, transB ? k : n, ldb);
        checkMatrix("C", c, m, n, ldc);
        alphaValue[0] = alpha;
        betaValue[0] = beta;
        int status = calls.sgemm(transB ? OP_T : OP_N, transA ? OP_T : OP_N, n, m, k, this.alpha, b.pointer(), ldb,
                a.pointer(), lda, this.beta, c.pointer(), ldc);
        if (status != 0) {
            throw new CudaException("cuBLAS sgemm (" + m + "x" + n + "x" + k + ") failed with "
                    + calls.statusName(status)
                    + "; report this as an nnet bug with the .nnet file, or use --gemm tiled");
        }
    }

    /** A row-major {@code rows×cols} matrix with leading dimension {@code ld} must fit in its buffer. */
    private static void checkMatrix(String name, DeviceBuffer buffer, int rows, int cols, int ld) {
        if (ld < Math.max(1, cols) || (rows > 0 && (long) (rows - 1) * ld + cols > buffer.elements())) {
            throw new IllegalArgumentException("sgemm: " + name + " is " + rows + "x" + cols
                    + " with leading dimension " + ld + ", which does not fit a device buffer of " + buffer.elements()
                    + " elements");
        }
    }

    void close() {
        calls.destroy();
    }
}
