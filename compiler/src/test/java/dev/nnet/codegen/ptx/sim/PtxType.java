package dev.nnet.codegen.ptx.sim;

import java.util.Locale;

/** The PTX fundamental types the simulator knows. Values live in registers as raw bits in a {@code long}. */
enum PtxType {
    PRED(1, Kind.PRED), B8(8, Kind.BITS), B16(16, Kind.BITS), B32(32, Kind.BITS), B64(64, Kind.BITS),
    U8(8, Kind.UNSIGNED), U16(16, Kind.UNSIGNED), U32(32, Kind.UNSIGNED), U64(64, Kind.UNSIGNED),
    S8(8, Kind.SIGNED), S16(16, Kind.SIGNED), S32(32, Kind.SIGNED), S64(64, Kind.SIGNED),
    F32(32, Kind.FLOAT), F64(64, Kind.FLOAT);

    enum Kind { PRED, BITS, UNSIGNED, SIGNED, FLOAT }

    final int bits;
    final Kind kind;

    PtxType(int bits, Kind kind) {
        this.bits = bits;
        this.kind = kind;
    }

    /** The type named by an opcode suffix or declaration ({@code "f32"}, {@code ".u64"}), or null. */
    static PtxType named(String name) {
        String plain = name.startsWith(".") ? name.substring(1) : name;
        for (PtxType type : values()) {
            if (type.suffix().equals(plain)) {
                return type;
            }
        }
        return null;
    }

    String suffix() {
        return name().toLowerCase(Locale.ROOT);
    }

    int bytes() {
        return Math.max(1, bits / 8);
    }

    boolean isFloat() {
        return kind == Kind.FLOAT;
    }

    boolean isSigned() {
        return kind == Kind.SIGNED;
    }

    /** Keeps the low {@link #bits} of a value, zero-extended: the canonical form of a value in a register. */
    long normalize(long value) {
        return bits >= 64 ? value : value & ((1L << bits) - 1);
    }

    /** The value of canonical bits as a Java long: sign-extended for signed types, zero-extended otherwise. */
    long integer(long value) {
        if (bits >= 64) {
            return value;
        }
        return isSigned() ? value << (64 - bits) >> (64 - bits) : value & ((1L << bits) - 1);
    }

    @Override
    public String toString() {
        return "." + suffix();
    }
}
