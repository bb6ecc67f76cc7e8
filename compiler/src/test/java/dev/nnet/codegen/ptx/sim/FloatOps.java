package dev.nnet.codegen.ptx.sim;

import dev.nnet.codegen.ptx.sim.Instr.Src;
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
        List<Operand> ops = d.operands(arity + 1);
        int dst = d.dst(ops.get(0));
        Src a = d.src(ops.get(1), type);
        Src b = arity > 1 ? d.src(ops.get(2), type) : t -> 0L;
        Src c = arity > 2 ? d.src(ops.get(3), type) : t -> 0L;
        boolean ftz = d.opcode.has("ftz");
        boolean sat = d.opcode.has("sat");
        if (type == PtxType.F64) {
            return Instr.normal(d.line(), t -> {
                double r = f64.apply(Bits.f64(a.get(t)), Bits.f64(b.get(t)), Bits.f64(c.get(t)));
                t.set(dst, Bits.of(sat ? Bits.saturate(r) : r));
            });
        }
        if (!ftz && !sat) {
            return Instr.normal(d.line(), t -> t.set(dst,
                    Bits.of(f32.apply(Bits.f32(a.get(t)), Bits.f32(b.get(t)), Bits.f32(c.get(t))))));
        }
        return Instr.normal(d.line(), t -> {
            float x = Bits.f32(a.get(t));
            float y = Bits.f32(b.get(t));
            float z = Bits.f32(c.get(t));
            float r = ftz ? Bits.flush(f32.apply(Bits.flush(x), Bits.flush(y), Bits.flush(z))) : f32.apply(x, y, z);
            t.set(dst, Bits.of(sat ? Bits.saturate(r) : r));
        });
    }
}
