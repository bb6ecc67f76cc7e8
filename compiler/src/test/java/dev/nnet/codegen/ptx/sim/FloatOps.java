package dev.nnet.codegen.ptx.sim;

import dev.nnet.codegen.ptx.sim.PtxAst.Operand;
import java.util.List;
import java.util.function.DoubleUnaryOperator;

/**
 * Floating-point instructions. .f32 arithmetic is Java float arithmetic (IEEE round-to-nearest), {@code fma} and
 * {@code mad.rn} are {@link Math#fma(float, float, float)}; {@code div.approx} and {@code div.full} are computed as
 * the correctly rounded quotient. The .approx functions (ex2, lg2, sin, cos, tanh, rsqrt, rcp.approx) are computed in
 * double and rounded to float: closer than the hardware's few ulp, so a test comparing with the CPU backend needs
 * the tolerance it would need on a GPU anyway. .ftz flushes subnormal inputs and results; .sat clamps to [0, 1].
 * Directed rounding (.rz, .rm, .rp) is refused outside cvt.
 */
final class FloatOps {
    private FloatOps() {
    }

    interface F32 {
        float apply(float a, float b, float c);
    }

    interface F64 {
        double apply(double a, double b, double c);
    }

    static Instr arithmetic(Decoder d) {
        PtxType type = d.type();
        String name = d.opcode.name();
        String rounding = d.opcode.oneOf("rz", "rm", "rp");
        if (rounding != null) {
            throw d.error("rounding ." + rounding + " on " + d.opcode.text() + " is not supported by the simulator");
        }
        boolean nanPropagating = d.opcode.has("NaN");
        return switch (name) {
            case "add" -> op(d, type, 2, (a, b, c) -> a + b, (a, b, c) -> a + b);
            case "sub" -> op(d, type, 2, (a, b, c) -> a - b, (a, b, c) -> a - b);
            case "mul" -> op(d, type, 2, (a, b, c) -> a * b, (a, b, c) -> a * b);
            case "div" -> op(d, type, 2, (a, b, c) -> a / b, (a, b, c) -> a / b);
            case "fma", "mad" -> op(d, type, 3, Math::fma, Math::fma);
            case "min" -> nanPropagating ? op(d, type, 2, (a, b, c) -> Math.min(a, b), (a, b, c) -> Math.min(a, b))
                    : op(d, type, 2, (a, b, c) -> Bits.min(a, b), (a, b, c) -> Bits.min(a, b));
            case "max" -> nanPropagating ? op(d, type, 2, (a, b, c) -> Math.max(a, b), (a, b, c) -> Math.max(a, b))
                    : op(d, type, 2, (a, b, c) -> Bits.max(a, b), (a, b, c) -> Bits.max(a, b));
            case "abs" -> op(d, type, 1, (a, b, c) -> Math.abs(a), (a, b, c) -> Math.abs(a));
            case "neg" -> op(d, type, 1, (a, b, c) -> -a, (a, b, c) -> -a);
            case "copysign" -> op(d, type, 2, (a, b, c) -> Math.copySign(b, a), (a, b, c) -> Math.copySign(b, a));
            default -> throw d.error(name + " has no floating-point form");
        };
    }

    static Instr math(Decoder d) {
        PtxType type = d.type();
        if (!type.isFloat()) {
            throw d.error(d.opcode.text() + " needs .f32 or .f64");
        }
        boolean exact = d.opcode.has("rn");
        return switch (d.opcode.name()) {
            case "ex2" -> unary(d, type, x -> Math.pow(2, x));
            case "lg2" -> unary(d, type, x -> Math.log(x) / Math.log(2));
            case "rcp" -> exact ? op(d, type, 1, (a, b, c) -> 1f / a, (a, b, c) -> 1 / a)
                    : unary(d, type, x -> 1 / x);
            case "sqrt" -> op(d, type, 1, (a, b, c) -> (float) Math.sqrt(a), (a, b, c) -> Math.sqrt(a));
            case "rsqrt" -> unary(d, type, x -> 1 / Math.sqrt(x));
            case "sin" -> unary(d, type, Math::sin);
            case "cos" -> unary(d, type, Math::cos);
            case "tanh" -> unary(d, type, Math::tanh);
            default -> throw d.error(d.opcode.name() + " is not supported");
        };
    }

    private static Instr unary(Decoder d, PtxType type, DoubleUnaryOperator f) {
        return op(d, type, 1, (a, b, c) -> (float) f.applyAsDouble(a), (a, b, c) -> f.applyAsDouble(a));
    }

    /** d = f(a[, b[, c]]) with .ftz and .sat applied around the operation. */
    private static Instr op(Decoder d, PtxType type, int arity, F32 f32, F64 f64) {
        int[] o = IntegerOps.operands(d, type, arity + 1);
        int a = o[1];
        int b = arity > 1 ? o[2] : a;
        int c = arity > 2 ? o[3] : a;
        boolean ftz = d.opcode.has("ftz");
        boolean sat = d.opcode.has("sat");
        int dst = o[0];
        if (type == PtxType.F64) {
            return Instr.normal(d.line(), t -> {
                double r = f64.apply(Bits.f64(t.get(a)), Bits.f64(t.get(b)), Bits.f64(t.get(c)));
                t.set(dst, Bits.of(sat ? Bits.saturate(r) : r));
            });
        }
        if (!ftz && !sat) {
            Instr.Exec hot = hot(d.opcode.name(), arity, dst, a, b, c);
            return Instr.normal(d.line(), hot != null ? hot : t -> t.set(dst,
                    Bits.of(f32.apply(Bits.f32(t.get(a)), Bits.f32(t.get(b)), Bits.f32(t.get(c))))));
        }
        return Instr.normal(d.line(), t -> {
            float x = Bits.f32(t.get(a));
            float y = Bits.f32(t.get(b));
            float z = Bits.f32(t.get(c));
            float r = ftz ? Bits.flush(f32.apply(Bits.flush(x), Bits.flush(y), Bits.flush(z))) : f32.apply(x, y, z);
            t.set(dst, Bits.of(sat ? Bits.saturate(r) : r));
        });
    }

    /** The f32 operations generated kernels run most, written out so they cost one call, not two. */
    private static Instr.Exec hot(String name, int arity, int dst, int a, int b, int c) {
        return switch (arity == 1 ? "" : name) {
            case "add" -> t -> t.set(dst, Bits.of(Bits.f32(t.get(a)) + Bits.f32(t.get(b))));
            case "sub" -> t -> t.set(dst, Bits.of(Bits.f32(t.get(a)) - Bits.f32(t.get(b))));
            case "mul" -> t -> t.set(dst, Bits.of(Bits.f32(t.get(a)) * Bits.f32(t.get(b))));
            case "fma", "mad" -> t -> t.set(dst,
                    Bits.of(Math.fma(Bits.f32(t.get(a)), Bits.f32(t.get(b)), Bits.f32(t.get(c)))));
            default -> null;
        };
    }
}
