package dev.nnet.codegen.ptx;

import dev.nnet.kernels.Activation;
import dev.nnet.kernels.Erf;

/**
 * GELU (exact and tanh forms) and their slopes in PTX, written as {@code kernels/Activation} writes them: in f64,
 * rounded to f32 once, with erfc evaluated by {@code kernels/Erf}'s own polynomial pieces. f64 because the Java
 * backend computes in double, and because erfc's tail is exp(-a²)·g(a) with a² up to 100: in f32 the rounding of
 * a² alone would cost about 100·2^-24 relative, some 50 ulp. PTX has no f64 exp, so e^y is 2^k·2^f with f in
 * [-1/2, 1/2] taken by {@code ex2.approx.f32}: about 2 float ulp, the same as the backend's f32 exp.
 */
final class PtxGelu {
    private PtxGelu() {
    }

    /** x/2·erfc(-x/√2). */
    static String gelu(Kernel k, String x) {
        String d = widen(k, x);
        String half = mul(k, Kernel.f64(0.5), d, "halfX");
        String z = mul(k, negate(k, d), Kernel.f64(Activation.SQRT_HALF), "z");
        return narrow(k, mul(k, half, erfc(k, z), "gelu"), "gelu");
    }

    /** Φ(x) + x·φ(x) = erfc(-x/√2)/2 + x/√(2π)·e^{-x²/2}. */
    static String geluSlope(Kernel k, String x) {
        String d = widen(k, x);
        String z = mul(k, negate(k, d), Kernel.f64(Activation.SQRT_HALF), "z");
        String cdf = mul(k, Kernel.f64(0.5), erfc(k, z), "cdf");
        String exponent = mul(k, mul(k, Kernel.f64(-0.5), d, "minusHalfX"), d, "exponent");
        String density = mul(k, mul(k, d, Kernel.f64(Activation.INV_SQRT_2PI), "scaledX"),
                expNonPositive(k, exponent), "xDensity");
        return narrow(k, add(k, cdf, density, "geluSlope"), "geluSlope");
    }

    /**
     * x/2·(1 + tanh u) with u = √(2/π)(x + 0.044715x³), written as x·s where s = (1 + tanh u)/2 = 1/(1 + e^{-2u}),
     * so the negative tail does not cancel 1 against -1.
     */
    static String geluTanh(Kernel k, String x) {
        String d = widen(k, x);
        Logistic s = logistic(k, d);
        return narrow(k, mul(k, d, s.value, "geluTanh"), "geluTanh");
    }

    /** s + x·s(1-s)·2√(2/π)(1 + 3·0.044715x²): Activation.geluTanhSlope with 1 + t = 2s, 1 - t² = 4s(1 - s). */
    static String geluTanhSlope(Kernel k, String x) {
        String d = widen(k, x);
        Logistic s = logistic(k, d);
        String square = mul(k, d, d, "xSquared");
        String cubicSlope = add(k, Kernel.f64(1), mul(k, Kernel.f64(3 * Activation.GELU_CUBIC), square, "t"), "du");
        String t = mul(k, mul(k, d, s.spread, "xSpread"), Kernel.f64(2 * Activation.SQRT_2_OVER_PI), "t");
        String curve = mul(k, t, cubicSlope, "curve");
        return narrow(k, add(k, s.value, curve, "geluTanhSlope"), "geluTanhSlope");
    }

    /** s = 1/(1 + e^{-2u}) and s(1 - s), both from E = e^{-2|u|} ≤ 1 so neither overflows nor cancels. */
    private record Logistic(String value, String spread) {
    }

    private static Logistic logistic(Kernel k, String d) {
        String cube = mul(k, mul(k, mul(k, Kernel.f64(Activation.GELU_CUBIC), d, "t"), d, "t"), d, "cubic");
        String u = mul(k, Kernel.f64(Activation.SQRT_2_OVER_PI), add(k, d, cube, "inner"), "u");
        String magnitude = k.reg("f64", "magnitude");
        k.op("abs.f64 %s, %s;", magnitude, u);
        String e = expNonPositive(k, mul(k, Kernel.f64(-2), magnitude, "exponent"));
        String onePlus = add(k, Kernel.f64(1), e, "onePlusE");
        String positive = k.reg("pred", "positive");
        k.op("setp.ge.f64 %s, %s, %s;", positive, u, Kernel.f64(0));
        String numerator = k.reg("f64", "numerator");
        k.op("selp.f64 %s, %s, %s, %s;", numerator, Kernel.f64(1), e, positive);
        String value = div(k, numerator, onePlus, "s");
        String spread = div(k, e, mul(k, onePlus, onePlus, "t"), "spread");
        return new Logistic(value, spread);
    }

    /**
     * erfc(z) as Erf.erfc computes it. Each piece is evaluated and the one for |z|'s range selected: no branches,
     * and the pieces a range does not use may be infinite or NaN there without harm.
     */
    private static String erfc(Kernel k, String z) {
        k.comment("erfc, in kernels/Erf's pieces: a series below 1, exp(-a^2)*g(a) beyond");
        String a = k.reg("f64", "a");
        k.op("abs.f64 %s, %s;", a, z);
        // |z| < 1: 1 - z·P(z²)
        String near = sub(k, Kernel.f64(1), mul(k, z, horner(k, Erf.smallSeries(), mul(k, z, z, "zz")), "t"),
                "erfcNear");
        // |z| ≥ 1: t = exp(-a²)·P(a) below 3, exp(-a²)/a·Q(1/a²) beyond, 0 from the tail's start
        String e = expNonPositive(k, mul(k, negate(k, a), a, "minusA2"));
        String middle = mul(k, e, horner(k, Erf.middleSeries(), a), "middle");
        String inverseSquare = div(k, Kernel.f64(1), mul(k, a, a, "aa"), "inverseSquare");
        String large = mul(k, div(k, e, a, "t"), horner(k, Erf.largeSeries(), inverseSquare), "large");
        String tail = select(k, "setp.lt.f64", a, Kernel.f64(3), middle, large, "tail");
        tail = select(k, "setp.ge.f64", a, Kernel.f64(Erf.tailStart()), Kernel.f64(0), tail, "tail");
        String far = select(k, "setp.lt.f64", z, Kernel.f64(0), sub(k, Kernel.f64(2), tail, "t"), tail, "erfcFar");
        return select(k, "setp.lt.f64", a, Kernel.f64(1), near, far, "erfc");
    }

    /**
     * e^y for y ≤ 0 (or NaN): y·log2(e) = k + f with k an integer, f in [-1/2, 1/2]; 2^f by ex2.approx.f32, 2^k
     * by building the exponent field. Below 2^-1022, far under float's range, it is 0 (so -inf·e^-inf is NaN,
     * as in Java); a NaN y gives a number, but every caller multiplies by x, which carries the NaN.
     */
    private static String expNonPositive(Kernel k, String y) {
        String unclamped = mul(k, y, Kernel.f64(1 / Math.log(2)), "log2");
        String t = k.reg("f64", "log2");
        k.op("max.f64 %s, %s, %s;", t, unclamped, Kernel.f64(-1022));
        String whole = k.reg("f64", "whole");
        k.op("cvt.rni.f64.f64 %s, %s;", whole, t);
        String fraction = sub(k, t, whole, "fraction");
        String fraction32 = k.reg("f32", "fraction");
        String power32 = k.reg("f32", "powerFraction");
        String power = k.reg("f64", "powerFraction");
        k.op("cvt.rn.f32.f64 %s, %s;", fraction32, fraction);
        k.op("ex2.approx.f32 %s, %s;", power32, fraction32);
        k.op("cvt.f64.f32 %s, %s;", power, power32);
        String bits = k.reg("s64", "exponentBits");
        String scale = k.reg("f64", "powerWhole");
        k.op("cvt.rzi.s64.f64 %s, %s;", bits, whole);
        k.op("add.s64 %s, %s, 1023;", bits, bits);
        k.op("shl.b64 %s, %s, 52;", bits, bits);
        k.op("mov.b64 %s, %s;", scale, bits);
        String exp = mul(k, power, scale, "exp");
        return select(k, "setp.lt.f64", unclamped, Kernel.f64(-1022), Kernel.f64(0), exp, "exp");
    }

    /** c[0] + x·(c[1] + x·(...)), rounding each step as Erf.horner's {@code r * x + c[i]} does. */
    private static String horner(Kernel k, double[] c, String x) {
        String r = k.reg("f64", "poly");
        k.op("mov.f64 %s, %s;", r, Kernel.f64(c[c.length - 1]));
        for (int i = c.length - 2; i >= 0; i--) {
            k.op("mul.rn.f64 %s, %s, %s;", r, r, x);
            k.op("add.rn.f64 %s, %s, %s;", r, r, Kernel.f64(c[i]));
        }
        return r;
    }

    /** {@code a compare b ? ifTrue : ifFalse}. */
    private static String select(Kernel k, String compare, String a, String b, String ifTrue, String ifFalse,
                                 String hint) {
        String p = k.reg("pred", "p");
        String r = k.reg("f64", hint);
        k.op("%s %s, %s, %s;", compare, p, a, b);
        k.op("selp.f64 %s, %s, %s, %s;", r, ifTrue, ifFalse, p);
        return r;
    }

    private static String widen(Kernel k, String x) {
        String r = k.reg("f64", "x");
        k.op("cvt.f64.f32 %s, %s;", r, x);
        return r;
    }

    private static String narrow(Kernel k, String d, String hint) {
        String r = k.reg("f32", hint);
        k.op("cvt.rn.f32.f64 %s, %s;", r, d);
        return r;
    }

    private static String negate(Kernel k, String a) {
        String r = k.reg("f64", "negative");
        k.op("neg.f64 %s, %s;", r, a);
        return r;
    }

    private static String add(Kernel k, String a, String b, String hint) {
        return PtxExpressions.binary64(k, "add.rn.f64", a, b, hint);
    }

    private static String sub(Kernel k, String a, String b, String hint) {
        return PtxExpressions.binary64(k, "sub.rn.f64", a, b, hint);
    }

    private static String mul(Kernel k, String a, String b, String hint) {
        return PtxExpressions.binary64(k, "mul.rn.f64", a, b, hint);
    }

    private static String div(Kernel k, String a, String b, String hint) {
        return PtxExpressions.binary64(k, "div.rn.f64", a, b, hint);
    }
}
