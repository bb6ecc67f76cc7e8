package dev.nnet.codegen.ptx.sim;

import dev.nnet.codegen.ptx.sim.PtxAst.Operand;
import java.util.List;
import java.util.function.LongUnaryOperator;

/**
 * Integer and bit instructions. Operands are register slots; generic operations see them as Java longs in the type's
 * own interpretation (sign-extended for .s types, zero-extended otherwise) and return bits cut to the destination
 * width. add, sub, mul.lo, mad.lo and the bit operations, the hot ones, work on raw bits without a second lambda.
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
        boolean sat = d.opcode.has("sat");
        return switch (d.opcode.name()) {
            case "add" -> sat ? binary(d, type, type, (a, b) -> saturate32(a + b)) : add(d, type, false);
            case "sub" -> sat ? binary(d, type, type, (a, b) -> saturate32(a - b)) : add(d, type, true);
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
        long mask = mask(type);
        return switch (name) {
            case "and" -> {
                int[] o = operands(d, type, 3);
                yield Instr.normal(d.line(), t -> t.set(o[0], t.get(o[1]) & t.get(o[2])));
            }
            case "or" -> {
                int[] o = operands(d, type, 3);
                yield Instr.normal(d.line(), t -> t.set(o[0], t.get(o[1]) | t.get(o[2])));
            }
            case "xor" -> {
                int[] o = operands(d, type, 3);
                yield Instr.normal(d.line(), t -> t.set(o[0], (t.get(o[1]) ^ t.get(o[2])) & mask));
            }
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

    /** add and sub wrap, so they need no sign: raw bits, cut to the width. */
    private static Instr add(Decoder d, PtxType type, boolean subtract) {
        int[] o = operands(d, type, 3);
        long mask = mask(type);
        return subtract ? Instr.normal(d.line(), t -> t.set(o[0], (t.get(o[1]) - t.get(o[2])) & mask))
                : Instr.normal(d.line(), t -> t.set(o[0], (t.get(o[1]) + t.get(o[2])) & mask));
    }

    private static Instr multiply(Decoder d, PtxType type) {
        String half = d.opcode.oneOf("lo", "hi", "wide");
        if (half == null) {
            throw d.error("integer " + d.opcode.text() + " needs .lo, .hi or .wide");
        }
        return switch (half) {
            case "lo" -> {
                int[] o = operands(d, type, 3);
                long mask = mask(type);
                yield Instr.normal(d.line(), t -> t.set(o[0], t.get(o[1]) * t.get(o[2]) & mask));
            }
            case "hi" -> binary(d, type, type, high(type));
            default -> {
                PtxType wide = wide(d, type);
                int[] o = operands(d, type, 3);
                long mask = mask(wide);
                yield Instr.normal(d.line(), t -> t.set(o[0],
                        type.integer(t.get(o[1])) * type.integer(t.get(o[2])) & mask));
            }
        };
    }

    private static Instr multiplyAdd(Decoder d, PtxType type) {
        String half = d.opcode.oneOf("lo", "hi", "wide");
        if (half == null) {
            throw d.error("integer " + d.opcode.text() + " needs .lo, .hi or .wide");
        }
        return switch (half) {
            case "lo" -> {
                int[] o = operands(d, type, 4);
                long mask = mask(type);
                yield Instr.normal(d.line(), t -> t.set(o[0], t.get(o[1]) * t.get(o[2]) + t.get(o[3]) & mask));
            }
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

    static long mask(PtxType type) {
        return type.bits >= 64 ? -1L : (1L << type.bits) - 1;
    }

    private static long saturate32(long value) {
        return Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, value));
    }

    private static int compare(long a, long b, boolean signed, int width) {
        return signed || width < 64 ? Long.compare(a, b) : Long.compareUnsigned(a, b);
    }

    /** The destination and source slots of an instruction with {@code count} operands, sources read as type. */
    static int[] operands(Decoder d, PtxType type, int count) {
        List<Operand> ops = d.operands(count);
        int[] slots = new int[count];
        slots[0] = d.dst(ops.get(0));
        for (int i = 1; i < count; i++) {
            slots[i] = d.src(ops.get(i), type);
        }
        return slots;
    }

    static Instr binary(Decoder d, PtxType srcType, PtxType dstType, Binary f) {
        int[] o = operands(d, srcType, 3);
        return Instr.normal(d.line(), t -> t.set(o[0],
                dstType.normalize(f.apply(srcType.integer(t.get(o[1])), srcType.integer(t.get(o[2]))))));
    }

    private static Instr ternary(Decoder d, PtxType srcType, PtxType addType, PtxType dstType, Ternary f) {
        List<Operand> ops = d.operands(4);
        int dst = d.dst(ops.get(0));
        int a = d.src(ops.get(1), srcType);
        int b = d.src(ops.get(2), srcType);
        int c = d.src(ops.get(3), addType);
        return Instr.normal(d.line(), t -> t.set(dst, dstType.normalize(f.apply(srcType.integer(t.get(a)),
                srcType.integer(t.get(b)), addType.integer(t.get(c))))));
    }

    private static Instr unary(Decoder d, PtxType type, LongUnaryOperator f) {
        int[] o = operands(d, type, 2);
        return Instr.normal(d.line(), t -> t.set(o[0], type.normalize(f.applyAsLong(type.integer(t.get(o[1]))))));
    }

    /** popc and clz write a .u32 count whatever the operand width. */
    private static Instr count(Decoder d, PtxType type, LongUnaryOperator f) {
        int[] o = operands(d, type, 2);
        return Instr.normal(d.line(), t -> t.set(o[0], f.applyAsLong(t.get(o[1]))));
    }

    /** The shift amount is a .u32 operand; amounts past the width shift everything out (or fill with the sign). */
    private static Instr shift(Decoder d, PtxType type, Binary f) {
        List<Operand> ops = d.operands(3);
        int dst = d.dst(ops.get(0));
        int a = d.src(ops.get(1), type);
        int n = d.src(ops.get(2), PtxType.U32);
        return Instr.normal(d.line(), t -> t.set(dst, type.normalize(f.apply(type.integer(t.get(a)),
                t.get(n) & 0xffffffffL))));
    }
}
