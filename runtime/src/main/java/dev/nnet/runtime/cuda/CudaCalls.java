package dev.nnet.runtime.cuda;

import jcuda.Pointer;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUevent;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;
import jcuda.driver.CUstream;

import java.nio.ByteBuffer;

/**
 * The CUDA driver calls the runtime makes, each returning a {@code CUresult}. Production goes through
 * {@link JCudaCalls}; tests put a fake here to drive the error paths (no driver, no device, a PTX the JIT rejects)
 * on machines without a GPU.
 */
interface CudaCalls {
    int init();

    int deviceCount(int[] count);

    int deviceGet(CUdevice device, int ordinal);

    int deviceName(byte[] name, CUdevice device);

    int primaryContextRetain(CUcontext context, CUdevice device);

    int primaryContextRelease(CUdevice device);

    int contextSetCurrent(CUcontext context);

    int streamCreate(CUstream stream);

    int streamSynchronize(CUstream stream);

    int streamDestroy(CUstream stream);

    int eventCreate(CUevent event);

    int eventRecord(CUevent event, CUstream stream);

    int eventSynchronize(CUevent event);

    int eventDestroy(CUevent event);

    /** {@code cuModuleLoadDataEx} with the JIT's info and error logs written into the two arrays (NUL-padded). */
    int moduleLoad(CUmodule module, byte[] image, byte[] infoLog, byte[] errorLog);

    int moduleUnload(CUmodule module);

    int moduleGetFunction(CUfunction function, CUmodule module, String name);

    int memAlloc(CUdeviceptr pointer, long bytes);

    int memFree(CUdeviceptr pointer);

    int memAllocHost(Pointer pointer, long bytes);

    int memFreeHost(Pointer pointer);

    /** The host memory {@link #memAllocHost} returned, as a native-order buffer the staging copies into. */
    ByteBuffer hostBuffer(Pointer pointer, long bytes);

    int memcpyHtoDAsync(CUdeviceptr dst, Pointer src, long bytes, CUstream stream);

    int memcpyDtoH(Pointer dst, CUdeviceptr src, long bytes);

    int memsetD32Async(CUdeviceptr dst, int value, long count, CUstream stream);

    int launchKernel(CUfunction function, int gridX, int gridY, int gridZ, int blockX, int blockY, int blockZ,
                     int sharedBytes, CUstream stream, Pointer kernelParams);
}
