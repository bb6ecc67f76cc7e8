package dev.nnet.runtime.cuda;

import jcuda.Pointer;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUmodule;
import jcuda.driver.CUresult;
import jcuda.driver.CUstream;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * GPU 0 through the CUDA driver API: its primary context, one stream every copy and kernel is queued on, the
 * modules loaded and the memory allocated. Everything is freed on {@link #close()}. Use it from one thread: the
 * context is made current on the thread that opened it.
 */
public final class CudaDevice implements AutoCloseable {
    private static final int LOG_BYTES = 16 * 1024;

    private final CudaCalls calls;
    private final Supplier<BlasCalls> blasLoader;
    private final CUdevice device;
    private final String name;
    private final CUstream stream = new CUstream();
    private final PinnedStaging staging;
    private final List<DeviceBuffer> allocations = new ArrayList<>();
    private final List<CudaModule> modules = new ArrayList<>();
    private CudaBlas blas;
    private boolean closed;

    private CudaDevice(CudaCalls calls, Supplier<BlasCalls> blasLoader, CUdevice device, String name) {
        this.calls = calls;
        this.blasLoader = blasLoader;
        this.device = device;
        this.name = name;
        CUcontext context = new CUcontext();
        CudaResults.check(calls.primaryContextRetain(context, device), "creating a context on " + name,
                "check the GPU with nvidia-smi (another process may own it in exclusive mode)");
        CudaResults.check(calls.contextSetCurrent(context), "making the context on " + name + " current",
                "check the GPU with nvidia-smi");
        CudaResults.check(calls.streamCreate(stream), "creating a stream on " + name, "check the GPU with nvidia-smi");
        this.staging = new PinnedStaging(calls, stream);
    }

    /** Opens device 0; a {@link CudaException} (one line) when there is no driver or no device. */
    public static CudaDevice open() {
        return open(JCudaCalls.load(), JCublasCalls::load);
    }

    static CudaDevice open(CudaCalls calls, Supplier<BlasCalls> blasLoader) {
        CUdevice device = new CUdevice();
        String name = firstDevice(calls, device);
        return new CudaDevice(calls, blasLoader, device, name);
    }

    static String firstDeviceName(CudaCalls calls) {
        return firstDevice(calls, new CUdevice());
    }

    private static String firstDevice(CudaCalls calls, CUdevice device) {
        int init = calls.init();
        if (init != CUresult.CUDA_SUCCESS) {
            throw new CudaException("CUDA is not available: " + CudaResults.describe(init, "cuInit")
                    + "; check nvidia-smi, or " + CudaResults.USE_CPU, "cuInit: " + CUresult.stringFor(init));
        }
        int[] count = new int[1];
        CudaResults.check(calls.deviceCount(count), "counting CUDA devices", "check nvidia-smi");
        if (count[0] == 0) {
            throw new CudaException("CUDA is not available: the driver loaded but reports no GPU; check nvidia-smi "
                    + "(and CUDA_VISIBLE_DEVICES), or " + CudaResults.USE_CPU, "the driver reports no GPU");
        }
        CudaResults.check(calls.deviceGet(device, 0), "opening CUDA device 0", "check nvidia-smi");
        byte[] name = new byte[256];
        CudaResults.check(calls.deviceName(name, device), "reading the name of CUDA device 0", "check nvidia-smi");
        return cString(name);
    }

    public String name() {
        return name;
    }

    /**
     * Compiles PTX text for this device ({@code cuModuleLoadDataEx}); when the driver's JIT rejects it, the
     * exception carries the JIT's error log (joined into one line).
     */
    public CudaModule load(String ptx, String moduleName) {
        checkOpen();
        byte[] image = (ptx + '\0').getBytes(StandardCharsets.UTF_8);
        byte[] infoLog = new byte[LOG_BYTES];
        byte[] errorLog = new byte[LOG_BYTES];
        CUmodule module = new CUmodule();
        int result = calls.moduleLoad(module, image, infoLog, errorLog);
        if (result != CUresult.CUDA_SUCCESS) {
            String log = cString(errorLog).strip();
            throw new CudaException(CudaResults.describe(result, "loading the PTX module '" + moduleName + "'")
                    + (log.isEmpty() ? "" : ": " + log)
                    + "; report this as an nnet bug with the .nnet file (nnetc compile --emit=ptx shows the PTX)");
        }
        CudaModule loaded = new CudaModule(this, module, moduleName);
        modules.add(loaded);
        return loaded;
    }

    /** {@code count} floats of device memory, zeroed. Allocate once, when the trainer is built, never per step. */
    public DeviceBuffer allocFloats(long count) {
        return alloc(count, "floats");
    }

    /** {@code count} 32-bit ints of device memory, zeroed. */
    public DeviceBuffer allocInts(long count) {
        return alloc(count, "ints");
    }

    private DeviceBuffer alloc(long count, String kind) {
        checkOpen();
        if (count < 0) {
            throw new IllegalArgumentException("cannot allocate " + count + " " + kind);
        }
        CUdeviceptr pointer = new CUdeviceptr();
        long bytes = Math.max(1, count) * DeviceBuffer.ELEMENT_BYTES;
        CudaResults.check(calls.memAlloc(pointer, bytes), "allocating " + mebibytes(bytes) + " MiB (" + count + " "
                + kind + ") on " + name, "use a smaller batch, or free the GPU (nvidia-smi lists its processes)");
        DeviceBuffer buffer = new DeviceBuffer(pointer, count, true);
        allocations.add(buffer);
        zero(buffer);
        return buffer;
    }

    /** Copies {@code src[srcOffset, +count)} to {@code dst[dstOffset, ...)} through pinned memory; does not wait. */
    public void upload(DeviceBuffer dst, long dstOffset, float[] src, int srcOffset, int count) {
        dst.checkRange(dstOffset, count, "upload");
        if (count > 0) {
            copyIn(dst, dstOffset, staging.put(src, srcOffset, count), count);
        }
    }

    public void upload(DeviceBuffer dst, long dstOffset, int[] src, int srcOffset, int count) {
        dst.checkRange(dstOffset, count, "upload");
        if (count > 0) {
            copyIn(dst, dstOffset, staging.put(src, srcOffset, count), count);
        }
    }

    private void copyIn(DeviceBuffer dst, long dstOffset, Pointer staged, int count) {
        int result = calls.memcpyHtoDAsync(dst.at(dstOffset), staged, count * DeviceBuffer.ELEMENT_BYTES, stream);
        if (result != CUresult.CUDA_SUCCESS) {
            CudaResults.check(result, "copying " + count + " elements to " + name, "check the GPU with nvidia-smi");
        }
    }

    /** Waits for everything queued, then copies {@code src[srcOffset, +count)} into {@code dst[dstOffset, ...)}. */
    public void download(DeviceBuffer src, long srcOffset, float[] dst, int dstOffset, int count) {
        src.checkRange(srcOffset, count, "download");
        if (dstOffset < 0 || count < 0 || dstOffset + count > dst.length) {
            throw new IndexOutOfBoundsException("download of " + count + " floats into [" + dstOffset + ", ...) of "
                    + dst.length);
        }
        synchronize();
        if (count > 0) {
            Pointer target = Pointer.to(dst).withByteOffset(dstOffset * DeviceBuffer.ELEMENT_BYTES);
            CudaResults.check(calls.memcpyDtoH(target, src.at(srcOffset), count * DeviceBuffer.ELEMENT_BYTES),
                    "copying " + count + " floats from " + name, "check the GPU with nvidia-smi");
        }
    }

    /** Queues setting every element of {@code dst} to zero. */
    public void zero(DeviceBuffer dst) {
        if (dst.elements() > 0) {
            int result = calls.memsetD32Async(dst.pointer(), 0, dst.elements(), stream);
            if (result != CUresult.CUDA_SUCCESS) {
                CudaResults.check(result, "zeroing " + dst.elements() + " elements on " + name,
                        "check the GPU with nvidia-smi");
            }
        }
    }

    /** The cuBLAS engine on this device's stream, created on first use (it loads libcublas.so.12). */
    public CudaBlas blas() {
        checkOpen();
        if (blas == null) {
            blas = CudaBlas.create(blasLoader.get(), stream);
        }
        return blas;
    }

    /** Waits for every queued copy and kernel; a kernel that failed on the device is reported here. */
    public void synchronize() {
        CudaResults.check(calls.streamSynchronize(stream), "running queued work on " + name,
                "rerun with CUDA_LAUNCH_BLOCKING=1 to find the kernel, and report it as an nnet bug");
    }

    /** Frees every buffer, module and handle of this device; idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        calls.streamSynchronize(stream);
        if (blas != null) {
            blas.close();
        }
        staging.close();
        for (DeviceBuffer buffer : allocations) {
            calls.memFree(buffer.pointer());
        }
        for (CudaModule module : modules) {
            calls.moduleUnload(module.handle());
        }
        calls.streamDestroy(stream);
        calls.primaryContextRelease(device);
    }

    CudaCalls calls() {
        return calls;
    }

    CUstream stream() {
        return stream;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the CUDA device " + name + " is closed");
        }
    }

    private static long mebibytes(long bytes) {
        return (bytes + (1 << 20) - 1) >> 20;
    }

    private static String cString(byte[] bytes) {
        int end = 0;
        while (end < bytes.length && bytes[end] != 0) {
            end++;
        }
        return new String(Arrays.copyOf(bytes, end), StandardCharsets.UTF_8);
    }
}
