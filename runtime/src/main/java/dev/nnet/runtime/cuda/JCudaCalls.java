package dev.nnet.runtime.cuda;

import jcuda.Pointer;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUevent;
import jcuda.driver.CUfunction;
import jcuda.driver.CUjit_option;
import jcuda.driver.CUmodule;
import jcuda.driver.CUstream;
import jcuda.driver.JCudaDriver;
import jcuda.driver.JITOptions;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** {@link CudaCalls} over JCuda's driver API. Results are returned, not thrown: {@link CudaDevice} words them. */
final class JCudaCalls implements CudaCalls {
    private static final String DRIVER_LIBRARY = "libcuda.so.1";
    /** The first load's outcome: after a failed static initializer the JVM only says "Could not initialize class". */
    private static CudaCalls loaded;
    private static CudaException failure;

    private JCudaCalls() {
    }

    /**
     * Loads JCuda's natives, which link the driver library. Where the natives or {@code libcuda.so.1} are missing,
     * the JVM throws a linkage error from JCudaDriver's static initializer; that becomes one line here.
     */
    static synchronized CudaCalls load() {
        if (loaded == null && failure == null) {
            try {
                JCudaDriver.setExceptionsEnabled(false);
                loaded = new JCudaCalls();
            } catch (LinkageError e) {
                failure = new CudaException(missingDriverMessage(e), missingDriverReason(e));
            }
        }
        if (failure != null) {
            throw failure;
        }
        return loaded;
    }

    static String missingDriverReason(Throwable cause) {
        return String.valueOf(cause.getMessage()).contains(DRIVER_LIBRARY) ? DRIVER_LIBRARY + " not found"
                : "JCuda's native library did not load";
    }

    static String missingDriverMessage(Throwable cause) {
        String detail = String.valueOf(cause.getMessage());
        String why = detail.contains(DRIVER_LIBRARY)
                ? "the NVIDIA driver library " + DRIVER_LIBRARY + " was not found"
                : "JCuda's native library did not load (" + firstLine(detail) + ")";
        return "CUDA is not available: " + why
                + "; install the NVIDIA driver (nvidia-smi should list the GPU), or train on the CPU with --device cpu";
    }

    private static String firstLine(String text) {
        String line = text.strip().lines().findFirst().orElse("");
        return line.length() > 160 ? line.substring(0, 160) + "..." : line;
    }

    @Override public int init() {
        return JCudaDriver.cuInit(0);
    }

    @Override public int deviceCount(int[] count) {
        return JCudaDriver.cuDeviceGetCount(count);
    }

    @Override public int deviceGet(CUdevice device, int ordinal) {
        return JCudaDriver.cuDeviceGet(device, ordinal);
    }

    @Override public int deviceName(byte[] name, CUdevice device) {
        return JCudaDriver.cuDeviceGetName(name, name.length, device);
    }

    @Override public int primaryContextRetain(CUcontext context, CUdevice device) {
        return JCudaDriver.cuDevicePrimaryCtxRetain(context, device);
    }

    @Override public int primaryContextRelease(CUdevice device) {
        return JCudaDriver.cuDevicePrimaryCtxRelease(device);
    }

    @Override public int contextSetCurrent(CUcontext context) {
        return JCudaDriver.cuCtxSetCurrent(context);
    }

    @Override public int streamCreate(CUstream stream) {
        return JCudaDriver.cuStreamCreate(stream, 0);
    }

    @Override public int streamSynchronize(CUstream stream) {
        return JCudaDriver.cuStreamSynchronize(stream);
    }

    @Override public int streamDestroy(CUstream stream) {
        return JCudaDriver.cuStreamDestroy(stream);
    }

    @Override public int eventCreate(CUevent event) {
        return JCudaDriver.cuEventCreate(event, jcuda.driver.CUevent_flags.CU_EVENT_DISABLE_TIMING);
    }

    @Override public int eventRecord(CUevent event, CUstream stream) {
        return JCudaDriver.cuEventRecord(event, stream);
    }

    @Override public int eventSynchronize(CUevent event) {
        return JCudaDriver.cuEventSynchronize(event);
    }

    @Override public int eventDestroy(CUevent event) {
        return JCudaDriver.cuEventDestroy(event);
    }

    @Override public int moduleLoad(CUmodule module, byte[] image, byte[] infoLog, byte[] errorLog) {
        JITOptions options = new JITOptions();
        options.putInt(CUjit_option.CU_JIT_INFO_LOG_BUFFER_SIZE_BYTES, infoLog.length);
        options.putBytes(CUjit_option.CU_JIT_INFO_LOG_BUFFER, infoLog);
        options.putInt(CUjit_option.CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES, errorLog.length);
        options.putBytes(CUjit_option.CU_JIT_ERROR_LOG_BUFFER, errorLog);
        int result = JCudaDriver.cuModuleLoadDataJIT(module, Pointer.to(image), options);
        copyBack(options.getBytes(CUjit_option.CU_JIT_INFO_LOG_BUFFER), infoLog);
        copyBack(options.getBytes(CUjit_option.CU_JIT_ERROR_LOG_BUFFER), errorLog);
        return result;
    }

    private static void copyBack(byte[] written, byte[] target) {
        if (written != null && written != target) {
            System.arraycopy(written, 0, target, 0, Math.min(written.length, target.length));
        }
    }

    @Override public int moduleUnload(CUmodule module) {
        return JCudaDriver.cuModuleUnload(module);
    }

    @Override public int moduleGetFunction(CUfunction function, CUmodule module, String name) {
        return JCudaDriver.cuModuleGetFunction(function, module, name);
    }

    @Override public int memAlloc(CUdeviceptr pointer, long bytes) {
        return JCudaDriver.cuMemAlloc(pointer, bytes);
    }

    @Override public int memFree(CUdeviceptr pointer) {
        return JCudaDriver.cuMemFree(pointer);
    }

    @Override public int memAllocHost(Pointer pointer, long bytes) {
        return JCudaDriver.cuMemAllocHost(pointer, bytes);
    }

    @Override public int memFreeHost(Pointer pointer) {
        return JCudaDriver.cuMemFreeHost(pointer);
    }

    @Override public ByteBuffer hostBuffer(Pointer pointer, long bytes) {
        return pointer.getByteBuffer(0, bytes).order(ByteOrder.nativeOrder());
    }

    @Override public int memcpyHtoDAsync(CUdeviceptr dst, Pointer src, long bytes, CUstream stream) {
        return JCudaDriver.cuMemcpyHtoDAsync(dst, src, bytes, stream);
    }

    @Override public int memcpyDtoH(Pointer dst, CUdeviceptr src, long bytes) {
        return JCudaDriver.cuMemcpyDtoH(dst, src, bytes);
    }

    @Override public int memsetD32Async(CUdeviceptr dst, int value, long count, CUstream stream) {
        return JCudaDriver.cuMemsetD32Async(dst, value, count, stream);
    }

    @Override public int launchKernel(CUfunction function, int gridX, int gridY, int gridZ, int blockX, int blockY,
                                      int blockZ, int sharedBytes, CUstream stream, Pointer kernelParams) {
        return JCudaDriver.cuLaunchKernel(function, gridX, gridY, gridZ, blockX, blockY, blockZ, sharedBytes, stream,
                kernelParams, null);
    }
}
