package dev.nnet.runtime.cuda;

import jcuda.NativePointerObject;
import jcuda.Pointer;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUevent;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;
import jcuda.driver.CUresult;
import jcuda.driver.CUstream;

import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A CUDA driver in host memory, for the error paths and the bookkeeping of {@link CudaDevice} on machines without
 * a GPU. Device allocations are float arrays keyed by the pointer object the device was given; the results of
 * individual calls can be set to failures.
 */
class FakeCuda implements CudaCalls {
    int initResult = CUresult.CUDA_SUCCESS;
    int deviceCount = 1;
    int moduleLoadResult = CUresult.CUDA_SUCCESS;
    String jitErrorLog = "";
    List<String> kernels = List.of("step");
    int memAllocResult = CUresult.CUDA_SUCCESS;
    /** Device memory: fake address → contents (ints are stored by their bits). */
    final Map<Long, float[]> memory = new HashMap<>();
    private long nextAddress = 0x1000;
    final List<String> log = new ArrayList<>();
    ByteBuffer pinned;
    Pointer pinnedPointer;
    int launches;

    @Override public int init() {
        log.add("init");
        return initResult;
    }

    @Override public int deviceCount(int[] count) {
        count[0] = deviceCount;
        return CUresult.CUDA_SUCCESS;
    }

    @Override public int deviceGet(CUdevice device, int ordinal) {
        return CUresult.CUDA_SUCCESS;
    }

    @Override public int deviceName(byte[] name, CUdevice device) {
        byte[] text = "Fake GPU".getBytes(StandardCharsets.UTF_8);
        System.arraycopy(text, 0, name, 0, text.length);
        return CUresult.CUDA_SUCCESS;
    }

    @Override public int primaryContextRetain(CUcontext context, CUdevice device) {
        log.add("retain");
        return CUresult.CUDA_SUCCESS;
    }

    @Override public int primaryContextRelease(CUdevice device) {
        log.add("release");
        return CUresult.CUDA_SUCCESS;
    }

    @Override public int contextSetCurrent(CUcontext context) {
        return CUresult.CUDA_SUCCESS;
    }

    @Override public int streamCreate(CUstream stream) {
        return CUresult.CUDA_SUCCESS;
    }

    @Override public int streamSynchronize(CUstream stream) {
        log.add("streamSynchronize");
        return CUresult.CUDA_SUCCESS;
    }

    @Override public int streamDestroy(CUstream stream) {
        return CUresult.CUDA_SUCCESS;
    }

    @Override public int eventCreate(CUevent event) {
        return CUresult.CUDA_SUCCESS;
    }

    @Override public int eventRecord(CUevent event, CUstream stream) {
        log.add("eventRecord");
        return CUresult.CUDA_SUCCESS;
    }

    @Override public int eventSynchronize(CUevent event) {
        log.add("eventSynchronize");
        return CUresult.CUDA_SUCCESS;
    }

    @Override public int eventDestroy(CUevent event) {
        return CUresult.CUDA_SUCCESS;
    }

    @Override public int moduleLoad(CUmodule module, byte[] image, byte[] infoLog, byte[] errorLog) {
        byte[] text = jitErrorLog.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(text, 0, errorLog, 0, Math.min(text.length, errorLog.length));
        return moduleLoadResult;
    }

    @Override public int moduleUnload(CUmodule module) {
        log.add("moduleUnload");
        return CUresult.CUDA_SUCCESS;
    }

    @Override public int moduleGetFunction(CUfunction function, CUmodule module, String name) {
        return kernels.contains(name) ? CUresult.CUDA_SUCCESS : CUresult.CUDA_ERROR_NOT_FOUND;
    }

    @Override public int memAlloc(CUdeviceptr pointer, long bytes) {
        if (memAllocResult == CUresult.CUDA_SUCCESS) {
            setField(NativePointerObject.class, "nativePointer", pointer, nextAddress);
            memory.put(nextAddress, new float[(int) (bytes / 4)]);
            nextAddress += 1L << 32;
        }
        return memAllocResult;
    }

    @Override public int memFree(CUdeviceptr pointer) {
        log.add("memFree");
        return memory.remove(address(pointer)) == null ? CUresult.CUDA_ERROR_INVALID_VALUE : CUresult.CUDA_SUCCESS;
    }

    @Override public int memAllocHost(Pointer pointer, long bytes) {
        log.add("memAllocHost " + bytes);
        pinnedPointer = pointer;
        pinned = ByteBuffer.allocate((int) bytes).order(ByteOrder.nativeOrder());
        return CUresult.CUDA_SUCCESS;
    }

    @Override public int memFreeHost(Pointer pointer) {
        log.add("memFreeHost");
        return CUresult.CUDA_SUCCESS;
    }

    @Override public ByteBuffer hostBuffer(Pointer pointer, long bytes) {
        return pinned;
    }

    /** Copies from the fake pinned memory at the source pointer's offset into the destination's base array. */
    @Override public int memcpyHtoDAsync(CUdeviceptr dst, Pointer src, long bytes, CUstream stream) {
        long from = byteOffset(src);
        log.add("copy " + from + " " + bytes);
        float[] target = baseOf(dst);
        int at = (int) (byteOffset(dst) / 4);
        for (int i = 0; i < bytes / 4; i++) {
            target[at + i] = pinned.getFloat((int) from + 4 * i);
        }
        return CUresult.CUDA_SUCCESS;
    }

    @Override public int memcpyDtoH(Pointer dst, CUdeviceptr src, long bytes) {
        return CUresult.CUDA_ERROR_NOT_SUPPORTED;
    }

    @Override public int memsetD32Async(CUdeviceptr dst, int value, long count, CUstream stream) {
        float[] target = baseOf(dst);
        int at = (int) (byteOffset(dst) / 4);
        java.util.Arrays.fill(target, at, at + (int) count, Float.intBitsToFloat(value));
        return CUresult.CUDA_SUCCESS;
    }

    @Override public int launchKernel(CUfunction function, int gridX, int gridY, int gridZ, int blockX, int blockY,
                                      int blockZ, int sharedBytes, CUstream stream, Pointer kernelParams) {
        launches++;
        return CUresult.CUDA_SUCCESS;
    }

    /** The base allocation a pointer (or a slice of it: JCuda copies the address and adds an offset) is in. */
    float[] baseOf(Pointer pointer) {
        float[] base = memory.get(address(pointer));
        if (base == null) {
            throw new AssertionError("not a live fake allocation: " + pointer);
        }
        return base;
    }

    private static long address(Pointer pointer) {
        return (long) field(NativePointerObject.class, "nativePointer", pointer);
    }

    float[] contents(DeviceBuffer buffer) {
        return baseOf(buffer.pointer());
    }

    static long byteOffset(Pointer pointer) {
        return (long) field(Pointer.class, "byteOffset", pointer);
    }

    static Object field(Class<?> owner, String name, Object target) {
        try {
            Field field = owner.getDeclaredField(name);
            field.setAccessible(true);
            return field.get(target);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    private static void setField(Class<?> owner, String name, Object target, long value) {
        try {
            Field field = owner.getDeclaredField(name);
            field.setAccessible(true);
            field.setLong(target, value);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}
