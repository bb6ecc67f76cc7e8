package dev.nnet.codegen.ptx.sim;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * A little-endian byte-addressed memory: a global buffer, a block's shared memory, a thread's local memory or a
 * launch's parameters. Addresses run from {@link #base}; shared memory also remembers which bytes were written, so a
 * read of bytes no thread stored is a fault rather than a silent zero.
 */
final class ByteSpace {
    private static final VarHandle SHORTS = view(short[].class);
    private static final VarHandle INTS = view(int[].class);
    private static final VarHandle LONGS = view(long[].class);

    final String name;
    final long base;
    final byte[] data;
    private final boolean[] written;

    ByteSpace(String name, long base, int size, boolean trackWrites) {
        this.name = name;
        this.base = base;
        this.data = new byte[size];
        this.written = trackWrites ? new boolean[size] : null;
    }

    private static VarHandle view(Class<?> arrayType) {
        return MethodHandles.byteArrayViewVarHandle(arrayType, ByteOrder.LITTLE_ENDIAN);
    }

    boolean contains(long address) {
        return address >= base && address < base + data.length;
    }

    long load(long address, int size) {
        int offset = offset(address, size, "read");
        if (written != null) {
            for (int i = 0; i < size; i++) {
                if (!written[offset + i]) {
                    throw new SimFault("reads " + size + " bytes of " + name + " at offset " + offset
                            + " that no thread of this block has written");
                }
            }
        }
        return switch (size) {
            case 1 -> data[offset] & 0xffL;
            case 2 -> (short) SHORTS.get(data, offset) & 0xffffL;
            case 4 -> (int) INTS.get(data, offset) & 0xffffffffL;
            default -> (long) LONGS.get(data, offset);
        };
    }

    void store(long address, int size, long bits) {
        int offset = offset(address, size, "write");
        switch (size) {
            case 1 -> data[offset] = (byte) bits;
            case 2 -> SHORTS.set(data, offset, (short) bits);
            case 4 -> INTS.set(data, offset, (int) bits);
            default -> LONGS.set(data, offset, bits);
        }
        if (written != null) {
            for (int i = 0; i < size; i++) {
                written[offset + i] = true;
            }
        }
    }

    private int offset(long address, int size, String access) {
        long offset = address - base;
        if (offset < 0 || offset + size > data.length) {
            throw new SimFault(access + " of " + size + " bytes at " + describe(address) + " is out of bounds of "
                    + name + " (" + data.length + " bytes" + (base != 0 ? " at 0x" + Long.toHexString(base) : "")
                    + "): " + (offset < 0 ? (-offset) + " bytes before its start"
                    : "byte offset " + offset + ", " + (offset + size - data.length) + " bytes past its end"));
        }
        return (int) offset;
    }

    private String describe(long address) {
        return base != 0 ? "0x" + Long.toHexString(address) : "offset " + address;
    }
}
