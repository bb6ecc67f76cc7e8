package dev.nnet.runtime.cuda;

import jcuda.Pointer;
import jcuda.driver.CUevent;
import jcuda.driver.CUstream;

import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;

/**
 * Page-locked host memory that uploads pass through, so copies to the device run asynchronously on the stream.
 * It is two halves used in turn: uploads fill one half while the device may still be reading the other; before
 * a half is reused the host waits for the event recorded when it was last handed over, so the host runs at most
 * one half ahead of the device and never overwrites bytes a queued copy has not read.
 */
final class PinnedStaging {
    private static final long ALIGN = 256;
    private static final long MIN_HALF = 8L << 20;

    private final CudaCalls calls;
    private final CUstream stream;
    private final CUevent[] handedOver = {new CUevent(), new CUevent()};
    private final boolean[] pending = new boolean[2];
    private Pointer memory;
    private ByteBuffer bytes;
    private FloatBuffer floats;
    private IntBuffer ints;
    /** Source addresses by 256-byte slot, made once: in steady state each step reuses the same ones. */
    private Pointer[] slots;
    private long half;
    private int current;
    private long cursor;

    PinnedStaging(CudaCalls calls, CUstream stream) {
        this.calls = calls;
        this.stream = stream;
        for (CUevent event : handedOver) {
            CudaResults.check(calls.eventCreate(event), "creating a CUDA event", "check the GPU with nvidia-smi");
        }
    }

    /** Copies {@code count} floats into staging; returns the host address to copy to the device from. */
    Pointer put(float[] src, int srcOffset, int count) {
        long offset = reserve(count * DeviceBuffer.ELEMENT_BYTES);
        floats.put((int) (offset / DeviceBuffer.ELEMENT_BYTES), src, srcOffset, count);
        return slot(offset);
    }

    Pointer put(int[] src, int srcOffset, int count) {
        long offset = reserve(count * DeviceBuffer.ELEMENT_BYTES);
        ints.put((int) (offset / DeviceBuffer.ELEMENT_BYTES), src, srcOffset, count);
        return slot(offset);
    }

    private long reserve(long size) {
        if (size > half) {
            grow(size);
        }
        if (cursor + size > half) {
            CudaResults.check(calls.eventRecord(handedOver[current], stream), "recording a CUDA event",
                    "check the GPU with nvidia-smi");
            pending[current] = true;
            current = 1 - current;
            cursor = 0;
            if (pending[current]) {
                CudaResults.check(calls.eventSynchronize(handedOver[current]), "waiting for queued uploads",
                        "an earlier kernel failed; rerun with CUDA_LAUNCH_BLOCKING=1 to find it");
                pending[current] = false;
            }
        }
        long offset = current * half + cursor;
        cursor += (size + ALIGN - 1) / ALIGN * ALIGN;
        return offset;
    }

    /** Happens in the first steps only: the halves are sized for the largest upload seen, after a full wait. */
    private void grow(long size) {
        CudaResults.check(calls.streamSynchronize(stream), "waiting for the device",
                "an earlier kernel failed; rerun with CUDA_LAUNCH_BLOCKING=1 to find it");
        freeMemory();
        half = Math.max(MIN_HALF, (size + ALIGN - 1) / ALIGN * ALIGN);
        if (2 * half > Integer.MAX_VALUE) {
            throw new CudaException("staging " + size + " bytes for one upload is more than nnet stages at once; "
                    + "use a smaller batch");
        }
        Pointer allocated = new Pointer();
        CudaResults.check(calls.memAllocHost(allocated, 2 * half), "allocating " + (2 * half >> 20)
                + " MiB of pinned host memory", "free host memory or use a smaller batch");
        memory = allocated;
        bytes = calls.hostBuffer(memory, 2 * half);
        floats = bytes.asFloatBuffer();
        ints = bytes.asIntBuffer();
        slots = new Pointer[(int) (2 * half / ALIGN)];
        current = 0;
        cursor = 0;
        pending[0] = false;
        pending[1] = false;
    }

    private Pointer slot(long offset) {
        int index = (int) (offset / ALIGN);
        Pointer slot = slots[index];
        if (slot == null) {
            slot = memory.withByteOffset(offset);
            slots[index] = slot;
        }
        return slot;
    }

    private void freeMemory() {
        if (memory != null) {
            calls.memFreeHost(memory);
            memory = null;
        }
    }

    void close() {
        freeMemory();
        for (CUevent event : handedOver) {
            calls.eventDestroy(event);
        }
    }
}
