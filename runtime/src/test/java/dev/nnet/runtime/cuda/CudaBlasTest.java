package dev.nnet.runtime.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.FloatBuffer;
import java.util.Random;
import jcuda.Pointer;
import jcuda.driver.CUstream;
import org.junit.jupiter.api.Test;

/**
 * The row-major → column-major mapping of {@link CudaBlas}, checked with numbers: a fake cuBLAS computes exactly
 * what the cuBLAS documentation defines for column-major {@code cublasSgemm}, on the fake driver's memory, and the
 * row-major results must match a plain triple loop for every transpose combination and padded leading dimensions.
 */
class CudaBlasTest {
    /** Column-major SGEMM as cuBLAS defines it: element (i, j) of X with leading dimension ld is X[i + j·ld]. */
    private static final class ColumnMajorBlas implements BlasCalls {
        private final FakeCuda memory;
        private final float[] scalar = new float[1];

        ColumnMajorBlas(FakeCuda memory) {
            this.memory = memory;
        }

        @Override public int create(CUstream stream) {
            return 0;
        }

        @Override public int sgemm(int transA, int transB, int m, int n, int k, Pointer alpha, Pointer a, int lda,
                                   Pointer b, int ldb, Pointer beta, Pointer c, int ldc) {
            float[] av = memory.baseOf(a);
            float[] bv = memory.baseOf(b);
            float[] cv = memory.baseOf(c);
            float alphaValue = hostScalar(alpha);
            float betaValue = hostScalar(beta);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    float sum = 0;
                    for (int p = 0; p < k; p++) {
                        float aip = transA == 0 ? av[i + p * lda] : av[p + i * lda];
                        float bpj = transB == 0 ? bv[p + j * ldb] : bv[j + p * ldb];
                        sum += aip * bpj;
                    }
                    cv[i + j * ldc] = alphaValue * sum + betaValue * cv[i + j * ldc];
                }
            }
            return 0;
        }

        /** The host scalars CudaBlas passes are Pointer.to(float[1]): a wrapped array JCuda reads at call time. */
        private float hostScalar(Pointer pointer) {
            return ((FloatBuffer) FakeCuda.field(Pointer.class, "buffer", pointer)).get(0);
        }

        @Override public int destroy() {
            return 0;
        }

        @Override public String statusName(int status) {
            return "CUBLAS_STATUS_" + status;
        }
    }

    @Test
    void rowMajorResultsMatchATripleLoopForEveryTranspose() {
        Random random = new Random(17);
        int m = 3;
        int n = 5;
        int k = 4;
        for (boolean transA : new boolean[] {false, true}) {
            for (boolean transB : new boolean[] {false, true}) {
                FakeCuda fake = new FakeCuda();
                try (CudaDevice device = CudaDevice.open(fake, () -> new ColumnMajorBlas(fake))) {
                    int aRows = transA ? k : m;
                    int aCols = transA ? m : k;
                    int bRows = transB ? n : k;
                    int bCols = transB ? k : n;
                    int lda = aCols + 1;
                    int ldb = bCols + 2;
                    int ldc = n + 3;
                    float[] a = randomMatrix(random, aRows * lda);
                    float[] b = randomMatrix(random, bRows * ldb);
                    float[] c = randomMatrix(random, m * ldc);
                    DeviceBuffer da = device.allocFloats(a.length);
                    DeviceBuffer db = device.allocFloats(b.length);
                    DeviceBuffer dc = device.allocFloats(c.length);
                    System.arraycopy(a, 0, fake.contents(da), 0, a.length);
                    System.arraycopy(b, 0, fake.contents(db), 0, b.length);
                    System.arraycopy(c, 0, fake.contents(dc), 0, c.length);

                    device.blas().sgemm(transA, transB, m, n, k, 0.5f, da, lda, db, ldb, 2f, dc, ldc);

                    float[] expected = c.clone();
                    for (int i = 0; i < m; i++) {
                        for (int j = 0; j < n; j++) {
                            float sum = 0;
                            for (int p = 0; p < k; p++) {
                                float aip = transA ? a[p * lda + i] : a[i * lda + p];
                                float bpj = transB ? b[j * ldb + p] : b[p * ldb + j];
                                sum += aip * bpj;
                            }
                            expected[i * ldc + j] = 0.5f * sum + 2f * c[i * ldc + j];
                        }
                    }
                    assertArrayEquals(expected, fake.contents(dc), 1e-5f, "transA=" + transA + " transB=" + transB);
                }
            }
        }
    }

    @Test
    void aMatrixThatDoesNotFitItsBufferIsRejectedBeforeCublas() {
        FakeCuda fake = new FakeCuda();
        try (CudaDevice device = CudaDevice.open(fake, () -> new ColumnMajorBlas(fake))) {
            DeviceBuffer small = device.allocFloats(5);
            DeviceBuffer enough = device.allocFloats(64);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> device.blas().sgemm(false, false, 2, 4, 3, 1f, small, 3, enough, 4, 0f, enough, 4));
            assertEquals("sgemm: A is 2x3 with leading dimension 3, which does not fit a device buffer of 5 "
                    + "elements", e.getMessage());
        }
    }

    private static float[] randomMatrix(Random random, int size) {
        float[] values = new float[size];
        for (int i = 0; i < size; i++) {
            values[i] = random.nextFloat() * 2 - 1;
        }
        return values;
    }
}
