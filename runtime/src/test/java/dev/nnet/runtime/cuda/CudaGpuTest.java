package dev.nnet.runtime.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The host runtime on a real GPU: a hand-written PTX kernel, copies both ways, cuBLAS against a triple loop.
 * NEEDS A GPU: on machines without CUDA every test here is skipped, and the skip message says why.
 */
class CudaGpuTest {
    private static CudaDevice device;

    @BeforeAll
    static void openDevice() {
        CudaAvailability availability = CudaAvailability.probe();
        System.err.println(availability.available() ? "CudaGpuTest runs on " + availability.deviceName()
                : "CudaGpuTest SKIPPED, it needs a GPU: " + availability.reason());
        assumeTrue(availability.available(), () -> "needs a GPU: " + availability.reason());
        device = CudaDevice.open();
    }

    @AfterAll
    static void closeDevice() {
        if (device != null) {
            device.close();
        }
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = CudaGpuTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void aKernelRunsOnUploadedDataAndTheResultComesBack() throws IOException {
        int n = 100_003;
        float[] x = new float[n];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = i * 0.5f;
            y[i] = 1f - i;
        }
        DeviceBuffer arena = device.allocFloats(2L * n + 7);
        DeviceBuffer dx = arena.slice(0, n);
        DeviceBuffer dy = arena.slice(n + 7, n);
        Launch axpy = device.load(resource("axpy.ptx"), "axpy").kernel("axpy").prepare(dx, dy, 2f, n);
        device.upload(dx, 0, x, 0, n);
        device.upload(dy, 0, y, 0, n);
        for (int step = 0; step < 3; step++) {
            axpy.setFloat(2, step + 1f);
            axpy.run((n + 255) / 256, 1, 1, 256, 1, 1, 0);
        }
        float[] result = new float[n];
        device.download(dy, 0, result, 0, n);
        for (int i = 0; i < n; i++) {
            assertEquals(y[i] + 6f * x[i], result[i], 1e-3f * Math.max(1f, Math.abs(result[i])), "element " + i);
        }
    }

    @Test
    void manyQueuedUploadsThroughStagingAllArrive() {
        int n = 1 << 20;
        DeviceBuffer target = device.allocFloats(64L * n / 16);
        float[] chunk = new float[n / 16];
        for (int i = 0; i < 64; i++) {
            java.util.Arrays.fill(chunk, i);
            device.upload(target, (long) i * chunk.length, chunk, 0, chunk.length);
        }
        float[] back = new float[(int) target.elements()];
        device.download(target, 0, back, 0, back.length);
        for (int i = 0; i < 64; i++) {
            assertEquals(i, back[i * chunk.length]);
            assertEquals(i, back[(i + 1) * chunk.length - 1]);
        }
    }

    @Test
    void theDriverRejectsBadPtxWithItsLogInTheMessage() {
        CudaException e = assertThrows(CudaException.class,
                () -> device.load(".version 7.8\n.target sm_80\n.address_size 64\n.visible .entry broken() {\n"
                        + "  mov.u32 %r1, 1;\n  ret;\n}\n", "broken"));
        assertTrue(e.getMessage().contains("loading the PTX module 'broken' failed with CUDA_ERROR_INVALID_PTX"),
                e.getMessage());
        assertTrue(e.getMessage().contains("%r1"), "the JIT log names the undeclared register: " + e.getMessage());
    }

    @Test
    void cublasRowMajorSgemmMatchesATripleLoop() {
        CudaBlas blas;
        try {
            blas = device.blas();
        } catch (CudaException e) {
            assumeTrue(false, () -> "cuBLAS is not loadable here: " + e.getMessage());
            return;
        }
        Random random = new Random(3);
        int m = 37;
        int n = 129;
        int k = 65;
        float[] a = new float[k * m];
        float[] b = new float[k * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = random.nextFloat() - 0.5f;
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = random.nextFloat() - 0.5f;
        }
        DeviceBuffer da = device.allocFloats(a.length);
        DeviceBuffer db = device.allocFloats(b.length);
        DeviceBuffer dc = device.allocFloats((long) m * n);
        device.upload(da, 0, a, 0, a.length);
        device.upload(db, 0, b, 0, b.length);
        blas.sgemm(true, false, m, n, k, 1f, da, m, db, n, 0f, dc, n); // C = Aᵀ·B, A stored k×m
        float[] c = new float[m * n];
        device.download(dc, 0, c, 0, c.length);
        float[] expected = new float[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int p = 0; p < k; p++) {
                    sum += a[p * m + i] * b[p * n + j];
                }
                expected[i * n + j] = (float) sum;
            }
        }
        assertArrayEquals(expected, c, 1e-4f);
    }
}
