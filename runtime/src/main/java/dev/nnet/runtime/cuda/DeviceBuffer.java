package dev.nnet.runtime.cuda;

import jcuda.driver.CUdeviceptr;

/**
 * Device memory of 4-byte elements (floats or ints): a base allocation from {@link CudaDevice#allocFloats} or
 * {@link CudaDevice#allocInts}, or a slice of one (the memory plan's arenas are sliced into tensors). Slices share
 * the base's memory; only the base is freed, when the device closes.
 */
public final class DeviceBuffer {
    static final long ELEMENT_BYTES = 4;

    private final CUdeviceptr pointer;
    private final long elements;
    private final boolean base;

    DeviceBuffer(CUdeviceptr pointer, long elements, boolean base) {
        this.pointer = pointer;
        this.elements = elements;
        this.base = base;
    }

    public long elements() {
        return elements;
    }

    /** Elements {@code [offset, offset + count)} of this buffer, as a buffer of its own. */
    public DeviceBuffer slice(long offset, long count) {
        checkRange(offset, count, "slice");
        return new DeviceBuffer(pointer.withByteOffset(offset * ELEMENT_BYTES), count, false);
    }

    CUdeviceptr pointer() {
        return pointer;
    }

    boolean isBase() {
        return base;
    }

    void checkRange(long offset, long count, String what) {
        if (offset < 0 || count < 0 || offset + count > elements) {
            throw new IndexOutOfBoundsException(what + " of elements [" + offset + ", " + (offset + count)
                    + ") is outside a device buffer of " + elements + " elements");
        }
    }

    /** The device address of element {@code offset}; offset 0 (the common case) allocates nothing. */
    CUdeviceptr at(long offset) {
        return offset == 0 ? pointer : pointer.withByteOffset(offset * ELEMENT_BYTES);
    }
}
