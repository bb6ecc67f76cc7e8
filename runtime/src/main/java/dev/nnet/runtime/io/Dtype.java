package dev.nnet.runtime.io;

/** The element types of the safetensors format, with their sizes in bytes. */
public enum Dtype {
    BOOL(1), U8(1), I8(1), F8_E5M2(1), F8_E4M3(1),
    I16(2), U16(2), F16(2), BF16(2),
    I32(4), U32(4), F32(4),
    I64(8), U64(8), F64(8);

    private final int bytes;

    Dtype(int bytes) {
        this.bytes = bytes;
    }

    public int bytes() {
        return bytes;
    }

    /** True for the types {@link SafetensorsFile#floats} converts: F32, F64, F16 and BF16. */
    public boolean isFloat() {
        return this == F32 || this == F64 || this == F16 || this == BF16;
    }

    /** True for the types {@link SafetensorsFile#longs} converts: I64 and I32. */
    public boolean isInteger() {
        return this == I64 || this == I32;
    }
}
