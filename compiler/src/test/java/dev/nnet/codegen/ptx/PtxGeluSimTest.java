package dev.nnet.codegen.ptx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnet.codegen.ptx.sim.Dim3;
import dev.nnet.codegen.ptx.sim.PtxSim;
import dev.nnet.codegen.ptx.sim.SimBuffer;
import dev.nnet.ir.op.PExpr;
import dev.nnet.kernels.Activation;
import dev.nnet.kernels.Erf;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The PTX renderings of the four GELU functions, run in the PTX interpreter over a spread of inputs (erf's piece
 * boundaries, both tails down to float's subnormals, huge values, infinities, NaN) against kernels/Activation,
 * which the Java backend calls.
 */
class PtxGeluSimTest {
    private static final double SQRT2 = Math.sqrt(2);

    /** Runs y[i] = fn(x[i]) as a PTX kernel in the interpreter. */
    private static float[] run(PExpr.Fn1 fn, float[] x) {
        Kernel k = new Kernel("gelu_test", List.of("test"));
        String in = k.pointer("x");
        String out = k.pointer("y");
        k.forEach(k.size(Size.of(x.length), "count"), i -> k.store(out, i, PtxExpressions.fn1(k, fn,
                k.load(in, i, "v"))));
        String text = ".version 8.0\n.target sm_80\n.address_size 64\n" + k.text();
        SimBuffer y = SimBuffer.of(new float[x.length]);
        int blocks = (x.length + Kernel.THREADS - 1) / Kernel.THREADS;
        PtxSim.load(text).launch("gelu_test", Dim3.of(blocks), Dim3.of(Kernel.THREADS), 1, SimBuffer.of(x), y);
        return y.floats();
    }

    private static float[] inputs() {
        List<Float> v = new ArrayList<>();
        double[] edges = {0, 1e-30, 1e-8, 1e-3, 0.5, 0.7518, 1, SQRT2, 2, 3 * SQRT2, 5, 8, 10 * SQRT2, 13, 13.5,
            20, 100, 1e4, 1e19, 3e38};
        for (double e : edges) {
            for (double sign : new double[] {1, -1}) {
                float x = (float) (sign * e);
                v.add(x);
                v.add(Math.nextUp(x));
                v.add(Math.nextDown(x));
            }
        }
        for (double x = -16; x <= 16; x += 0.0625) {
            v.add((float) x);
        }
        Random random = new Random(17);
        for (int i = 0; i < 500; i++) {
            v.add((float) (random.nextGaussian() * 4));
        }
        v.add(Float.POSITIVE_INFINITY);
        v.add(Float.NEGATIVE_INFINITY);
        v.add(Float.NaN);
        float[] x = new float[v.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = v.get(i);
        }
        return x;
    }

    /**
     * A few float ulps of the result and of the larger of the terms a slope adds (each carries ex2.approx's error,
     * and they cancel where the slope crosses zero), plus the reference's own error where it has one.
     */
    private static void check(PExpr.Fn1 fn, DoubleUnaryOperator expected, DoubleUnaryOperator terms,
                              DoubleUnaryOperator referenceError) {
        float[] x = inputs();
        float[] got = run(fn, x);
        for (int i = 0; i < x.length; i++) {
            float want = (float) expected.applyAsDouble(x[i]);
            String what = fn.text() + "(" + x[i] + ")";
            if (Float.isNaN(want) || Float.isInfinite(want)) {
                assertEquals(want, got[i], what);
            } else {
                double tolerance = 4 * Math.ulp(want) + 4 * Math.ulp((float) terms.applyAsDouble(x[i]))
                        + referenceError.applyAsDouble(x[i]);
                assertTrue(Math.abs(got[i] - want) <= tolerance, what + ": PTX " + got[i] + ", Java " + want);
            }
        }
    }

    private static double erfcTerm(double x) {
        return 0.5 * Erf.erfc(-x / SQRT2);
    }

    private static double tanhSlopeTerms(double x) {
        double t = Math.tanh(Activation.SQRT_2_OVER_PI * (x + Activation.GELU_CUBIC * x * x * x));
        double du = Activation.SQRT_2_OVER_PI * (1 + 3 * Activation.GELU_CUBIC * x * x);
        return Math.max(0.5 * (1 + t), Math.abs(0.5 * x * (1 - t * t) * du));
    }

    /**
     * The Java backend forms 1 + tanh u and 1 - tanh² u in double, which cancel in the negative tail (geluTanh(-8)
     * is -0.0 there, -3.1e-21 exactly), where PTX's x/(1 + e^{-2u}) does not: an absolute error of about 2^-52
     * times |x| (times |x|·du/dx for the slope), and never more than the exact tail term, about 2e^{-2|u|}·|x|.
     */
    private static double javaCancellation(double x, boolean slope) {
        double u = Activation.SQRT_2_OVER_PI * (x + Activation.GELU_CUBIC * x * x * x);
        double du = Activation.SQRT_2_OVER_PI * (1 + 3 * Activation.GELU_CUBIC * x * x);
        double scale = slope ? 1 + 2 * Math.abs(x) * du : Math.abs(x);
        return Math.min(0x1p-52 * scale, 2 * scale * Math.exp(-2 * Math.abs(u)));
    }

    @Test
    void exactGelu() {
        check(PExpr.Fn1.GELU, x -> Activation.gelu((float) x), x -> 0, x -> 0);
    }

    @Test
    void exactGeluSlope() {
        check(PExpr.Fn1.GELU_SLOPE, x -> Activation.geluSlope((float) x),
                x -> Math.max(erfcTerm(x), Math.abs(x * Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI))), x -> 0);
    }

    @Test
    void tanhGelu() {
        check(PExpr.Fn1.GELU_TANH, x -> Activation.geluTanh((float) x), x -> 0, x -> javaCancellation(x, false));
    }

    @Test
    void tanhGeluSlope() {
        check(PExpr.Fn1.GELU_TANH_SLOPE, x -> Activation.geluTanhSlope((float) x), PtxGeluSimTest::tanhSlopeTerms,
                x -> javaCancellation(x, true));
    }
}
