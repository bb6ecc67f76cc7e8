package dev.nnet.codegen.ptx;

import dev.nnet.ir.op.Act;
import dev.nnet.ir.op.PExpr;
import java.util.List;

/**
 * Renders a point-wise expression tree as PTX instructions, one register per function application: the PTX
 * backend's table of functions. Arithmetic rounds like Java's float operators ({@code .rn}, never contracted into
 * FMA). PTX has no exp, log or tanh to the last bit: exp is {@code ex2.approx} of x·log2(e) (about 2 ulp plus
 * |x|·2^-24 relative), tanh is 1 - 2/(exp(2|x|) + 1) with x's sign, so results match the Java backend within
 * float tolerance, not bit for bit. The GELU functions ({@link PtxGelu}) are evaluated in f64 like the Java
 * backend's, with erf from the same polynomials.
 */
final class PtxExpressions {
    private static final float LOG2_E = 1.44269504f;
    private static final float LN_2 = 0.693147181f;

    private PtxExpressions() {
    }

    /** The register holding {@code expr}, given the register of each input element. */
    static String render(Kernel k, PExpr expr, List<String> inputs) {
        return expr.fold(new PExpr.Folder<String>() {
            public String in(PExpr.In in) {
                return inputs.get(in.index());
            }

            public String constant(PExpr.Const c) {
                String r = k.reg("f32", "c");
                k.op("mov.f32 %s, %s;", r, Kernel.f32(c.value()));
                return r;
            }

            public String call1(PExpr.Fn1 fn, String a) {
                return fn1(k, fn, a);
            }

            public String call2(PExpr.Fn2 fn, String a, String b) {
                return fn2(k, fn, a, b);
            }
        });
    }

    static String fn1(Kernel k, PExpr.Fn1 fn, String a) {
        return switch (fn) {
            case NEG -> unary(k, "neg.f32", a, "neg");
            case RELU -> {
                String r = k.reg("f32", "relu");
                k.op("max.f32 %s, %s, %s;", r, a, Kernel.f32(0f));
                yield r;
            }
            case SIGMOID -> sigmoid(k, a);
            case TANH -> tanh(k, a);
            case GELU -> PtxGelu.gelu(k, a);
            case GELU_TANH -> PtxGelu.geluTanh(k, a);
            case GELU_SLOPE -> PtxGelu.geluSlope(k, a);
            case GELU_TANH_SLOPE -> PtxGelu.geluTanhSlope(k, a);
        };
    }

    /** A fused GEMM or convolution epilogue's activation. */
    static String act(Kernel k, Act act, String a) {
        return switch (act) {
            case NONE -> a;
            case RELU -> fn1(k, PExpr.Fn1.RELU, a);
            case SIGMOID -> fn1(k, PExpr.Fn1.SIGMOID, a);
            case TANH -> fn1(k, PExpr.Fn1.TANH, a);
        };
    }

    static String fn2(Kernel k, PExpr.Fn2 fn, String a, String b) {
        return switch (fn) {
            case ADD -> binary(k, "add.rn.f32", a, b, "sum");
            case SUB -> binary(k, "sub.rn.f32", a, b, "difference");
            case MUL -> binary(k, "mul.rn.f32", a, b, "product");
            case DIV -> binary(k, "div.rn.f32", a, b, "quotient");
            case RELU_GRAD -> {
                // dy where y > 0, else 0, with the Java backend's sign mask: bits(dy) & (-bits(y) >> 31).
                String mask = k.reg("b32", "mask");
                String bits = k.reg("b32", "bits");
                String r = k.reg("f32", "reluGrad");
                k.op("mov.b32 %s, %s;", mask, b);
                k.op("neg.s32 %s, %s;", mask, mask);
                k.op("shr.s32 %s, %s, 31;", mask, mask);
                k.op("mov.b32 %s, %s;", bits, a);
                k.op("and.b32 %s, %s, %s;", bits, bits, mask);
                k.op("mov.b32 %s, %s;", r, bits);
                yield r;
            }
            case SIGMOID_GRAD -> {
                // dy·(1 - y)·y, left to right as Java evaluates it.
                String oneMinus = binary(k, "sub.rn.f32", Kernel.f32(1f), b, "oneMinusY");
                String t = binary(k, "mul.rn.f32", a, oneMinus, "t");
                yield binary(k, "mul.rn.f32", t, b, "sigmoidGrad");
            }
            case TANH_GRAD -> {
                String square = binary(k, "mul.rn.f32", b, b, "ySquared");
                String oneMinus = binary(k, "sub.rn.f32", Kernel.f32(1f), square, "oneMinusY2");
                yield binary(k, "mul.rn.f32", a, oneMinus, "tanhGrad");
            }
            case LEAKY_RELU -> {
                String positive = k.reg("pred", "positive");
                String scaled = binary(k, "mul.rn.f32", b, a, "scaled");
                String r = k.reg("f32", "leaky");
                k.op("setp.gt.f32 %s, %s, %s;", positive, a, Kernel.f32(0f));
                k.op("selp.f32 %s, %s, %s, %s;", r, a, scaled, positive);
                yield r;
            }
            case LEAKY_RELU_SLOPE -> {
                String positive = k.reg("pred", "positive");
                String r = k.reg("f32", "slope");
                k.op("setp.gt.f32 %s, %s, %s;", positive, a, Kernel.f32(0f));
                k.op("selp.f32 %s, %s, %s, %s;", r, Kernel.f32(1f), b, positive);
                yield r;
            }
        };
    }

    /** e^a. */
    static String exp(Kernel k, String a) {
        String t = binary(k, "mul.rn.f32", a, Kernel.f32(LOG2_E), "log2");
        String r = k.reg("f32", "exp");
        k.op("ex2.approx.f32 %s, %s;", r, t);
        return r;
    }

    /** The natural logarithm of a. */
    static String log(Kernel k, String a) {
        String t = k.reg("f32", "lg2");
        k.op("lg2.approx.f32 %s, %s;", t, a);
        return binary(k, "mul.rn.f32", t, Kernel.f32(LN_2), "log");
    }

    /** 1 / (1 + e^-a), as the Java backend writes it. */
    static String sigmoid(Kernel k, String a) {
        String negative = unary(k, "neg.f32", a, "negative");
        String e = exp(k, negative);
        String denominator = binary(k, "add.rn.f32", Kernel.f32(1f), e, "denominator");
        return binary(k, "div.rn.f32", Kernel.f32(1f), denominator, "sigmoid");
    }

    /** sign(a)·(1 - 2/(e^{2|a|} + 1)): finite for any a, e^{2|a|} overflowing to infinity gives ±1. */
    static String tanh(Kernel k, String a) {
        String magnitude = unary(k, "abs.f32", a, "magnitude");
        String twice = binary(k, "add.rn.f32", magnitude, magnitude, "twice");
        String e = exp(k, twice);
        String plusOne = binary(k, "add.rn.f32", e, Kernel.f32(1f), "plusOne");
        String fraction = binary(k, "div.rn.f32", Kernel.f32(2f), plusOne, "fraction");
        String t = binary(k, "sub.rn.f32", Kernel.f32(1f), fraction, "tanhAbs");
        String r = k.reg("f32", "tanh");
        k.op("copysign.f32 %s, %s, %s;", r, a, t);
        return r;
    }

    static String unary(Kernel k, String op, String a, String hint) {
        String r = k.reg("f32", hint);
        k.op("%s %s, %s;", op, r, a);
        return r;
    }

    static String binary(Kernel k, String op, String a, String b, String hint) {
        String r = k.reg("f32", hint);
        k.op("%s %s, %s, %s;", op, r, a, b);
        return r;
    }

    static String binary64(Kernel k, String op, String a, String b, String hint) {
        String r = k.reg("f64", hint);
        k.op("%s %s, %s, %s;", op, r, a, b);
        return r;
    }
}
