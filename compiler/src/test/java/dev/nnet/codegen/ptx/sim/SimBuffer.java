package dev.nnet.codegen.ptx.sim;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Global memory passed to a kernel as a pointer argument. Each allocation gets its own device-like address with a
 * wide gap after it, so a stray access lands in no buffer and is reported. A slice is a pointer into the middle of
 * an allocation (as memory-plan arenas are sliced); bounds are checked against the whole allocation, as
 * compute-sanitizer does.
 */
public final class SimBuffer {
    private static final AtomicLong NEXT_ADDRESS = new AtomicLong(0x7f00_0000_0000L);
    private static final long GAP = 1 << 20;

    final ByteSpace storage;
    private final int offset;
    private final int length;

    private SimBuffer(ByteSpace storage, int offset, int length) {
        this.storage = storage;
        this.offset = offset;
        this.length = length;
    }

    private static SimBuffer allocate(int bytes) {
        if (bytes < 0) {
            throw new SimException("a buffer cannot have " + bytes + " bytes");
        }
        long size = (bytes + 255L) & ~255L;
        long base = NEXT_ADDRESS.getAndAdd(size + GAP);
        return new SimBuffer(new ByteSpace("buffer@0x" + Long.toHexString(base), base, bytes, false), 0, bytes);
    }

    /** A buffer holding these floats. */
    public static SimBuffer of(float... values) {
        SimBuffer buffer = allocate(values.length * 4);
        for (int i = 0; i < values.length; i++) {
            buffer.storage.store(buffer.storage.base + 4L * i, 4, Float.floatToRawIntBits(values[i]));
        }
        return buffer;
    }

    /** A buffer holding these ints (or any 32-bit words). */
    public static SimBuffer ints(int[] values) {
        SimBuffer buffer = allocate(values.length * 4);
        for (int i = 0; i < values.length; i++) {
            buffer.storage.store(buffer.storage.base + 4L * i, 4, values[i]);
        }
        return buffer;
    }

    /** A zeroed buffer of this many 4-byte elements (floats or ints). */
    public static SimBuffer zeros(int elements) {
        return allocate(elements * 4);
    }

    /** A zeroed buffer of this many bytes. */
    public static SimBuffer bytes(int bytes) {
        return allocate(bytes);
    }

    /** A pointer to elements [offset, offset + count) of this buffer, 4 bytes an element; shares its memory. */
    public SimBuffer slice(int offsetElements, int countElements) {
        long start = offset + 4L * offsetElements;
        if (offsetElements < 0 || countElements < 0 || start + 4L * countElements > offset + length) {
            throw new SimException("slice [" + offsetElements + ", +" + countElements + ") does not fit a buffer of "
                    + length / 4 + " elements");
        }
        return new SimBuffer(storage, (int) start, 4 * countElements);
    }

    /** The device address a kernel sees. */
    public long address() {
        return storage.base + offset;
    }

    public int sizeBytes() {
        return length;
    }

    public float[] floats() {
        float[] out = new float[length / 4];
        for (int i = 0; i < out.length; i++) {
            out[i] = Float.intBitsToFloat((int) storage.load(address() + 4L * i, 4));
        }
        return out;
    }

    public int[] ints() {
        int[] out = new int[length / 4];
        for (int i = 0; i < out.length; i++) {
            out[i] = (int) storage.load(address() + 4L * i, 4);
        }
        return out;
    }

    /** Overwrites the buffer's start with these floats (as a host-to-device copy would). */
    public void write(float... values) {
        if (values.length * 4L > length) {
            throw new SimException(values.length + " floats do not fit a buffer of " + length / 4 + " elements");
        }
        for (int i = 0; i < values.length; i++) {
            storage.store(address() + 4L * i, 4, Float.floatToRawIntBits(values[i]));
        }
    }

    @Override
    public String toString() {
        return "SimBuffer[" + length + " bytes at 0x" + Long.toHexString(address()) + "]";
    }
}
