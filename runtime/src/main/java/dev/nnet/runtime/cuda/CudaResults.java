package dev.nnet.runtime.cuda;

import jcuda.driver.CUresult;

/** Turns a failed {@code CUresult} into one line: the call that failed, the code and what it means, what to do. */
final class CudaResults {
    static final String USE_CPU = "train on the CPU with --device cpu";

    private CudaResults() {
    }

    static void check(int result, String what, String todo) {
        if (result != CUresult.CUDA_SUCCESS) {
            throw new CudaException(describe(result, what) + "; " + todo);
        }
    }

    static String describe(int result, String what) {
        return what + " failed with " + CUresult.stringFor(result) + meaning(result);
    }

    private static String meaning(int result) {
        return switch (result) {
            case CUresult.CUDA_ERROR_NO_DEVICE -> " (the driver sees no GPU)";
            case CUresult.CUDA_ERROR_SYSTEM_DRIVER_MISMATCH ->
                    " (the kernel driver and libcuda.so.1 differ in version)";
            case CUresult.CUDA_ERROR_OUT_OF_MEMORY -> " (the GPU's memory is full)";
            case CUresult.CUDA_ERROR_INVALID_PTX -> " (the driver's JIT rejected the PTX)";
            case CUresult.CUDA_ERROR_UNSUPPORTED_PTX_VERSION -> " (the driver is older than the PTX ISA version)";
            case CUresult.CUDA_ERROR_NOT_FOUND -> " (no such name)";
            case CUresult.CUDA_ERROR_ILLEGAL_ADDRESS -> " (a kernel accessed memory out of bounds)";
            case CUresult.CUDA_ERROR_LAUNCH_OUT_OF_RESOURCES -> " (too many registers or threads for one block)";
            default -> "";
        };
    }
}
