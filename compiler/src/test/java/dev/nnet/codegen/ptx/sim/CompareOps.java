package dev.nnet.codegen.ptx.sim;

import dev.nnet.codegen.ptx.sim.PtxAst.Operand;
import dev.nnet.codegen.ptx.sim.PtxAst.Pair;
import java.util.List;

/** setp (every comparison, ordered and unordered, with .and/.or/.xor combination), selp and slct. */
final class CompareOps {
    private CompareOps() {
    }

    interface Comparison {
        boolean test(long a, long b);
    }

    static Instr decode(Decoder d) {
        return switch (d.opcode.name()) {
            case "setp" -> setp(d);
            case "selp" -> select(d);
            default -> slct(d);
        };
    }

    private static Instr setp(Decoder d) {
        PtxType type = d.type();
        String name = d.opcode.modifiers().isEmpty() ? "" : d.opcode.modifiers().get(0);
        Comparison comparison = type.isFloat() ? floating(d, name, type) : integer(d, name, type);
        String combine = d.opcode.oneOf("and", "or", "xor");
        List<Operand> ops = d.operands(combine == null ? 3 : 4);
        int p;
        int q;
        if (ops.get(0) instanceof Pair pair) {
            p = d.register(pair.first(), "destination");
            q = d.register(pair.second(), "destination");
        } else {
            p = d.dst(ops.get(0));
            q = -1;
        }
        int a = d.src(ops.get(1), type);
        int b = d.src(ops.get(2), type);
        if (combine == null && q < 0) {
            return Instr.normal(d.line(), t -> t.set(p, comparison.test(t.get(a), t.get(b)) ? 1 : 0));
        }
        int c = combine == null ? -1 : d.pred(ops.get(3));
        int op = combine == null || combine.equals("and") ? AND : combine.equals("or") ? OR : XOR;
        return Instr.normal(d.line(), t -> {
            boolean result = comparison.test(t.get(a), t.get(b));
            boolean other = c == -1 || t.pred(c) != 0;
            if (p >= 0) {
                t.set(p, combine(op, result, other) ? 1 : 0);
            }
            if (q >= 0) {
                t.set(q, combine(op, !result, other) ? 1 : 0);
            }
        });
    }

    private static final int AND = 0;
    private static final int OR = 1;
    private static final int XOR = 2;

    private static boolean combine(int op, boolean x, boolean y) {
        return switch (op) {
            case AND -> x & y;
            case OR -> x | y;
            default -> x ^ y;
        };
    }

    private static Comparison floating(Decoder d, String name, PtxType type) {
        boolean f32 = type == PtxType.F32;
        boolean ftz = d.opcode.has("ftz");
        Comparison ordered = switch (name) {
            case "eq", "equ" -> (a, b) -> value(a, f32, ftz) == value(b, f32, ftz);
            case "ne", "neu" -> (a, b) -> value(a, f32, ftz) != value(b, f32, ftz);
            case "lt", "ltu" -> (a, b) -> value(a, f32, ftz) < value(b, f32, ftz);
            case "le", "leu" -> (a, b) -> value(a, f32, ftz) <= value(b, f32, ftz);
            case "gt", "gtu" -> (a, b) -> value(a, f32, ftz) > value(b, f32, ftz);
            case "ge", "geu" -> (a, b) -> value(a, f32, ftz) >= value(b, f32, ftz);
            case "num" -> (a, b) -> !Double.isNaN(value(a, f32, ftz)) && !Double.isNaN(value(b, f32, ftz));
            case "nan" -> (a, b) -> Double.isNaN(value(a, f32, ftz)) || Double.isNaN(value(b, f32, ftz));
            default -> throw d.error("unknown floating-point comparison '" + name + "' in " + d.opcode.text());
        };
        if (name.equals("num") || name.equals("nan")) {
            return ordered;
        }
        boolean unordered = name.endsWith("u");
        return (a, b) -> {
            boolean nan = Double.isNaN(value(a, f32, ftz)) || Double.isNaN(value(b, f32, ftz));
            return nan ? unordered : ordered.test(a, b);
        };
    }

    private static double value(long bits, boolean f32, boolean ftz) {
        if (!f32) {
            return Bits.f64(bits);
        }
        float x = Bits.f32(bits);
        return ftz ? Bits.flush(x) : x;
    }

    private static Comparison integer(Decoder d, String name, PtxType type) {
        boolean signed = type.isSigned();
        return switch (name) {
            case "eq" -> (a, b) -> type.normalize(a) == type.normalize(b);
            case "ne" -> (a, b) -> type.normalize(a) != type.normalize(b);
            case "lt" -> (a, b) -> order(type, signed, a, b) < 0;
            case "le" -> (a, b) -> order(type, signed, a, b) <= 0;
            case "gt" -> (a, b) -> order(type, signed, a, b) > 0;
            case "ge" -> (a, b) -> order(type, signed, a, b) >= 0;
            case "lo" -> (a, b) -> order(type, false, a, b) < 0;
            case "ls" -> (a, b) -> order(type, false, a, b) <= 0;
            case "hi" -> (a, b) -> order(type, false, a, b) > 0;
            case "hs" -> (a, b) -> order(type, false, a, b) >= 0;
            default -> throw d.error("unknown integer comparison '" + name + "' in " + d.opcode.text());
        };
    }

    private static int order(PtxType type, boolean signed, long a, long b) {
        return signed ? Long.compare(type.integer(a), type.integer(b))
                : Long.compareUnsigned(type.normalize(a), type.normalize(b));
    }

    private static Instr select(Decoder d) {
        PtxType type = d.type();
        List<Operand> ops = d.operands(4);
        int dst = d.dst(ops.get(0));
        int a = d.src(ops.get(1), type);
        int b = d.src(ops.get(2), type);
        int c = d.pred(ops.get(3));
        return Instr.normal(d.line(), t -> t.set(dst, t.pred(c) != 0 ? t.get(a) : t.get(b)));
    }

    /** slct.dtype.ctype d, a, b, c: a when c >= 0, else b. */
    private static Instr slct(Decoder d) {
        if (d.opcode.types().size() != 2) {
            throw d.error("slct needs two types, as in slct.f32.s32");
        }
        PtxType type = d.opcode.types().get(0);
        PtxType selector = d.opcode.types().get(1);
        List<Operand> ops = d.operands(4);
        int dst = d.dst(ops.get(0));
        int a = d.src(ops.get(1), type);
        int b = d.src(ops.get(2), type);
        int c = d.src(ops.get(3), selector);
        boolean floatSelector = selector == PtxType.F32;
        return Instr.normal(d.line(), t -> {
            long bits = t.get(c);
            boolean take = floatSelector ? Bits.f32(bits) >= 0f : selector.integer(bits) >= 0;
            t.set(dst, take ? t.get(a) : t.get(b));
        });
    }
}
