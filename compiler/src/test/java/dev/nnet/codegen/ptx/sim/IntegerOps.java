package dev.nnet.codegen.ptx.sim;

import dev.nnet.codegen.ptx.sim.Instr.Src;
import dev.nnet.codegen.ptx.sim.PtxAst.Operand;
import java.util.List;

/**
 * Integer and bit instructions. Operation lambdas see operands as Java longs in the type's own interpretation
 * (sign-extended for .s types, zero-extended otherwise) and return bits that are cut to the destination width.
 */
final class IntegerOps {
    private IntegerOps() {
    }

    interface Binary {
        long apply(long a, long b);
    }

    interface Ternary {
        long apply(long a, long b, long c);
    }

    static Instr arithmetic(Decoder d) {
        PtxType type = d.type();
        if (type.isFloat() || type == PtxType.PRED) {
            throw d.error(d.opcode.text() + " is not an integer instruction");
        }
        boolean signed = type.isSigned();
        int width = type.bits;
        return switch (d.opcode.name()) {
            case "add" -> d.opcode.has("sat") ? binary(d, type, type, (a, b) -> saturate32(a + b))
                    : binary(d, type, type, Long::sum);
            case "sub" -> d.opcode.has("sat") ? binary(d, type, type, (a, b) -> saturate32(a - b))
                    : binary(d, type, type, (a, b) -> a - b);
            case "mul" -> multiply(d, type);
            case "mad" -> multiplyAdd(d, type);
            case "div" -> binary(d, type, type, (a, b) -> {
                if (b == 0) {
                    throw new SimFault("integer division by zero");
                }
                return signed || width < 64 ? a / b : Long.divideUnsigned(a, b);
            });
            case "rem" -> binary(d, type, type, (a, b) -> {
                if (b == 0) {
                    throw new SimFault("integer remainder by zero");
                }
                return signed || width < 64 ? a % b : Long.remainderUnsigned(a, b);
            });
            case "min" -> binary(d, type, type, (a, b) -> compare(a, b, signed, width) <= 0 ? a : b);
            case "max" -> binary(d, type, type, (a, b) -> compare(a, b, signed, width) >= 0 ? a : b);
            case "abs" -> unary(d, type, Math::abs);
            case "neg" -> unary(d, type, a -> -a);
            default -> throw d.error(d.opcode.name() + " has no integer form in the simulator");
        };
    }

    static Instr bitwise(Decoder d) {
        PtxType type = d.type();
        String name = d.opcode.name();
        int width = type.bits;
        return switch (name) {
            case "and" -> binary(d, type, type, (a, b) -> a & b);
            case "or" -> binary(d, type, type, (a, b) -> a | b);
            case "xor" -> binary(d, type, type, (a, b) -> a ^ b);
            case "not" -> unary(d, type, a -> ~a);
            case "cnot" -> unary(d, type, a -> type.normalize(a) == 0 ? 1 : 0);
            case "shl" -> shift(d, type, (a, n) -> n >= width ? 0 : a << n);
            case "shr" -> type.isSigned() ? shift(d, type, (a, n) -> a >> Math.min(n, 63))
                    : shift(d, type, (a, n) -> n >= width ? 0 : type.normalize(a) >>> n);
            case "popc" -> count(d, type, a -> Long.bitCount(type.normalize(a)));
            case "clz" -> count(d, type, a -> Long.numberOfLeadingZeros(type.normalize(a)) - (64 - width));
            case "brev" -> unary(d, type, a -> Long.reverse(a) >>> (64 - width));
            default -> throw d.error(name + " is not supported");
        };
    }

    private static Instr multiply(Decoder d, PtxType type) {
        String half = d.opcode.oneOf("lo", "hi", "wide");
        if (half == null) {
            throw d.error("integer " + d.opcode.text() + " needs .lo, .hi or .wide");
        }
        return switch (half) {
            case "lo" -> binary(d, type, type, (a, b) -> a * b);
            case "hi" -> binary(d, type, type, high(type));
            default -> binary(d, type, wide(d, type), (a, b) -> a * b);
        };
    }

    private static Instr multiplyAdd(Decoder d, PtxType type) {
        String half = d.opcode.oneOf("lo", "hi", "wide");
        if (half == null) {
            throw d.error("integer " + d.opcode.text() + " needs .lo, .hi or .wide");
        }
        return switch (half) {
            case "lo" -> ternary(d, type, type, type, (a, b, c) -> a * b + c);
            case "hi" -> {
                Binary high = high(type);
                yield ternary(d, type, type, type, (a, b, c) -> high.apply(a, b) + c);
            }
            default -> {
                PtxType wide = wide(d, type);
                yield ternary(d, type, wide, wide, (a, b, c) -> a * b + c);
            }
        };
    }

    private static Binary high(PtxType type) {
        int width = type.bits;
        if (width < 64) {
            return type.isSigned() ? (a, b) -> (a * b) >> width : (a, b) -> (a * b) >>> width;
        }
        return type.isSigned() ? Math::multiplyHigh
                : (a, b) -> Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a);
    }

    private static PtxType wide(Decoder d, PtxType type) {
        return switch (type) {
            case U16 -> PtxType.U32;
            case S16 -> PtxType.S32;
            case U32 -> PtxType.U64;
            case S32 -> PtxType.S64;
            default -> throw d.error(".wide needs a 16- or 32-bit type, found " + type);
        };
    }

    private static long saturate32(long value) {
        return Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, value));
    }

    private static int compare(long a, long b, boolean signed, int width) {
        return signed || width < 64 ? Long.compare(a, b) : Long.compareUnsigned(a, b);
    }

    static Instr binary(Decoder d, PtxType srcType, PtxType dstType, Binary f) {
        List<Operand> ops = d.operands(3);
        int dst = d.dst(ops.get(0));
        Src a = d.src(ops.get(1), srcType);
        Src b = d.src(ops.get(2), srcType);
        return Instr.normal(d.line(), t -> {
            long value = f.apply(srcType.integer(a.get(t)), srcType.integer(b.get(t)));
            if (dst >= 0) {
                t.set(dst, dstType.normalize(value));
            }
        });
    }

    private static Instr ternary(Decoder d, PtxType srcType, PtxType addType, PtxType dstType, Ternary f) {
        List<Operand> ops = d.operands(4);
        int dst = d.dst(ops.get(0));
        Src a = d.src(ops.get(1), srcType);
        Src b = d.src(ops.get(2), srcType);
        Src c = d.src(ops.get(3), addType);
        return Instr.normal(d.line(), t -> t.set(dst, dstType.normalize(f.apply(srcType.integer(a.get(t)),
                srcType.integer(b.get(t)), addType.integer(c.get(t))))));
    }

    private static Instr unary(Decoder d, PtxType type, java.util.function.LongUnaryOperator f) {
        List<Operand> ops = d.operands(2);
        int dst = d.dst(ops.get(0));
        Src a = d.src(ops.get(1), type);
        return Instr.normal(d.line(), t -> t.set(dst, type.normalize(f.applyAsLong(type.integer(a.get(t))))));
    }

    /** popc and clz write a .u32 count whatever the operand width. */
    private static Instr count(Decoder d, PtxType type, java.util.function.LongUnaryOperator f) {
        List<Operand> ops = d.operands(2);
        int dst = d.dst(ops.get(0));
        Src a = d.src(ops.get(1), type);
        return Instr.normal(d.line(), t -> t.set(dst, f.applyAsLong(a.get(t))));
    }

    /** The shift amount is a .u32 operand; amounts past the width shift everything out (or fill with the sign). */
    private static Instr shift(Decoder d, PtxType type, Binary f) {
        List<Operand> ops = d.operands(3);
        int dst = d.dst(ops.get(0));
        Src a = d.src(ops.get(1), type);
        Src n = d.src(ops.get(2), PtxType.U32);
        return Instr.normal(d.line(), t -> t.set(dst, type.normalize(f.apply(type.integer(a.get(t)), n.get(t)))));
    }
}
