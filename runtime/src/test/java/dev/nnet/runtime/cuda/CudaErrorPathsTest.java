package dev.nnet.runtime.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jcuda.driver.CUresult;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** What a user sees when CUDA cannot run: one line each, saying what failed, why, and what to do. */
class CudaErrorPathsTest {
    private static final Supplier<BlasCalls> NO_BLAS = () -> {
        throw new AssertionError("cuBLAS is not used here");
    };

    private static void assertOneLine(String message) {
        assertFalse(message.contains("\n") || message.contains("\r"), () -> "not one line: " + message);
        assertFalse(message.contains("\tat "), () -> "a stack trace: " + message);
    }

    @Test
    void thisMachineEitherHasCudaOrSaysWhyNotInOneLine() {
        CudaAvailability availability = CudaAvailability.probe();
        if (availability.available()) {
            try (CudaDevice device = CudaDevice.open()) {
                assertEquals(availability.deviceName(), device.name());
            }
        } else {
            CudaException e = assertThrows(CudaException.class, CudaDevice::open);
            assertEquals(availability.reason(), e.reason(), "open and probe give the same reason");
            assertTrue(e.getMessage().contains(e.reason().replace(" not found", "")), e.getMessage());
            assertOneLine(e.getMessage());
            assertTrue(e.getMessage().contains("--device cpu"), e.getMessage());
        }
    }

    @Test
    void aMissingDriverLibraryIsNamedWithTheFix() {
        UnsatisfiedLinkError jcudaError = new UnsatisfiedLinkError("Error while loading native library "
                + "\"JCudaDriver-12.0.0-linux-x86_64\"\nOperating system name: Linux\n---(start of nested stack "
                + "traces)---\njava.lang.UnsatisfiedLinkError: /tmp/libJCudaDriver-12.0.0-linux-x86_64.so: "
                + "libcuda.so.1: cannot open shared object file: No such file or directory\n\tat java.base/...");
        assertEquals("libcuda.so.1 not found", JCudaCalls.missingDriverReason(jcudaError));
        String message = JCudaCalls.missingDriverMessage(jcudaError);
        assertEquals("CUDA is not available: the NVIDIA driver library libcuda.so.1 was not found; install the "
                + "NVIDIA driver (nvidia-smi should list the GPU), or train on the CPU with --device cpu", message);
    }

    @Test
    void missingJCudaNativesSayWhichLibraryDidNotLoad() {
        String message = JCudaCalls.missingDriverMessage(new UnsatisfiedLinkError(
                "Error while loading native library \"JCudaDriver-12.0.0-linux-aarch64\"\nmore"));
        assertOneLine(message);
        assertTrue(message.contains("JCuda's native library did not load (Error while loading native library "
                + "\"JCudaDriver-12.0.0-linux-aarch64\")"), message);
    }

    @Test
    void noDeviceIsOneLineFromProbeAndOpen() {
        FakeCuda fake = new FakeCuda();
        fake.initResult = CUresult.CUDA_ERROR_NO_DEVICE;
        CudaAvailability availability = CudaAvailability.probe(fake);
        assertFalse(availability.available());
        assertEquals("cuInit: CUDA_ERROR_NO_DEVICE", availability.reason());
        CudaException e = assertThrows(CudaException.class, () -> CudaDevice.open(fake, NO_BLAS));
        assertEquals("CUDA is not available: cuInit failed with CUDA_ERROR_NO_DEVICE (the driver sees no GPU); "
                + "check nvidia-smi, or train on the CPU with --device cpu", e.getMessage());
        assertEquals(availability.reason(), e.reason());
    }

    @Test
    void aDriverThatCountsNoDevicesIsNoDevice() {
        FakeCuda fake = new FakeCuda();
        fake.deviceCount = 0;
        CudaException e = assertThrows(CudaException.class, () -> CudaDevice.open(fake, NO_BLAS));
        assertTrue(e.getMessage().startsWith("CUDA is not available: the driver loaded but reports no GPU"),
                e.getMessage());
        assertEquals("the driver reports no GPU", CudaAvailability.probe(fake).reason());
    }

    @Test
    void aRejectedModuleCarriesTheJitLogOnOneLine() {
        FakeCuda fake = new FakeCuda();
        fake.moduleLoadResult = CUresult.CUDA_ERROR_INVALID_PTX;
        fake.jitErrorLog = "ptxas application ptx input, line 12; error   : Unknown symbol 'h0'\n"
                + "ptxas fatal   : Ptx assembly aborted due to errors\n";
        try (CudaDevice device = CudaDevice.open(fake, NO_BLAS)) {
            assertEquals("Fake GPU", device.name());
            CudaException e = assertThrows(CudaException.class, () -> device.load(".version 8.0", "mnist_mlp"));
            assertEquals("loading the PTX module 'mnist_mlp' failed with CUDA_ERROR_INVALID_PTX (the driver's JIT "
                    + "rejected the PTX): ptxas application ptx input, line 12; error   : Unknown symbol 'h0' | "
                    + "ptxas fatal   : Ptx assembly aborted due to errors; report this as an nnet bug with the .nnet "
                    + "file (nnetc compile --emit=ptx shows the PTX)", e.getMessage());
        }
    }

    @Test
    void aMissingKernelNamesTheKernelAndTheModule() {
        FakeCuda fake = new FakeCuda();
        try (CudaDevice device = CudaDevice.open(fake, NO_BLAS)) {
            CudaModule module = device.load(".version 8.0", "lenet");
            assertEquals("step", module.kernel("step").name());
            CudaException e = assertThrows(CudaException.class, () -> module.kernel("conv1_forward"));
            assertEquals("kernel 'conv1_forward' is not in the PTX module 'lenet' (CUDA_ERROR_NOT_FOUND); the "
                    + "generated trainer and its PTX disagree: recompile the model", e.getMessage());
        }
    }

    @Test
    void runningOutOfDeviceMemorySaysHowMuchAndWhatToDo() {
        FakeCuda fake = new FakeCuda();
        fake.memAllocResult = CUresult.CUDA_ERROR_OUT_OF_MEMORY;
        try (CudaDevice device = CudaDevice.open(fake, NO_BLAS)) {
            CudaException e = assertThrows(CudaException.class, () -> device.allocFloats(3L << 28));
            assertEquals("allocating 3072 MiB (805306368 floats) on Fake GPU failed with CUDA_ERROR_OUT_OF_MEMORY "
                    + "(the GPU's memory is full); use a smaller batch, or free the GPU (nvidia-smi lists its "
                    + "processes)", e.getMessage());
        }
    }

    @Test
    void aMissingCublasIsOneLineWithTheLibraryPath() {
        String message = JCublasCalls.missingLibraryMessage(new UnsatisfiedLinkError("Error while loading native "
                + "library \"JCublas2-12.0.0-linux-x86_64\"\n/tmp/libJCublas2-12.0.0-linux-x86_64.so: "
                + "libcublas.so.12: cannot open shared object file"));
        assertEquals("cuBLAS is not available: libcublas.so.12 was not found; put the folder holding "
                + "libcublas.so.12 on LD_LIBRARY_PATH (PyTorch's wheel ships it in site-packages/nvidia/cublas/lib), "
                + "or use --gemm tiled", message);
        try (CudaDevice device = CudaDevice.open(new FakeCuda(), () -> { throw new CudaException(message); })) {
            CudaException e = assertThrows(CudaException.class, device::blas);
            assertEquals(message, e.getMessage());
        }
    }

    @Test
    void launchesTakeBuffersIntsAndFloatsOnly() {
        try (CudaDevice device = CudaDevice.open(new FakeCuda(), NO_BLAS)) {
            CudaKernel kernel = device.load(".version 8.0", "m").kernel("step");
            DeviceBuffer buffer = device.allocFloats(8);
            IllegalArgumentException wrongType = assertThrows(IllegalArgumentException.class,
                    () -> kernel.prepare(buffer, 3L));
            assertEquals("argument 1 of kernel 'step' is Long; a launch takes DeviceBuffer, Integer or Float "
                    + "arguments", wrongType.getMessage());
            Launch launch = kernel.prepare(buffer, 64, 0.5f);
            launch.setInt(1, 32);
            launch.setFloat(2, 0.25f);
            assertThrows(IllegalArgumentException.class, () -> launch.setInt(2, 1));
            assertThrows(IllegalArgumentException.class, () -> launch.setFloat(0, 1f));
        }
    }
}
