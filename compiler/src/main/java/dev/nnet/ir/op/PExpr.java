package dev.nnet.ir.op;

import java.util.List;
import java.util.Locale;

/**
 * A scalar expression over the inputs of a {@link Pointwise} node ({@code $0}, {@code $1}, ...), evaluated once
 * per element. Fusion substitutes one expression into another, so a chain of element-wise ops becomes one loop.
 */
public sealed interface PExpr {
    /** Java source of the expression, given the Java expression of each input element. */
    String java(List<String> in);

    /** Text for IR dumps. */
    String text();

    /** Replaces input {@code i} by {@code with[i]}. */
    PExpr substitute(List<PExpr> with);

    record In(int index) implements PExpr {
        public String java(List<String> in) {
            return in.get(index);
        }

        public String text() {
            return "$" + index;
        }

        public PExpr substitute(List<PExpr> with) {
            return with.get(index);
        }
    }

    record Const(float value) implements PExpr {
        public String java(List<String> in) {
            return Float.isNaN(value) ? "Float.NaN" : (value + "f").replace("Infinityf", "Float.POSITIVE_INFINITY");
        }

        public String text() {
            return Float.toString(value);
        }

        public PExpr substitute(List<PExpr> with) {
            return this;
        }
    }

    /** One-argument functions; each Java form matches PyTorch's float formula. */
    enum Fn1 {
        NEG("-(%s)"), RELU("Math.max(0f, %s)"), SIGMOID("1f / (1f + (float) Math.exp(-(%s)))"),
        TANH("(float) Math.tanh(%s)");

        private final String java;

        Fn1(String java) {
            this.java = java;
        }
    }

    /**
     * Two-argument functions; the {@code _GRAD} ones take (dy, y) with y the activation's output. RELU_GRAD keeps
     * dy where y > 0 with a sign mask instead of a branch: C2 vectorizes it, and random signs mispredict a branch
     * (610 µs against 40 µs on a [64, 16, 12, 12] tensor). y is a ReLU output, so never negative or -0.
     */
    enum Fn2 {
        ADD("(%s + %s)"), SUB("(%s - %s)"), MUL("(%s * %s)"), DIV("(%s / %s)"),
        RELU_GRAD("Float.intBitsToFloat(Float.floatToRawIntBits(%1$s) & (-Float.floatToRawIntBits(%2$s) >> 31))"), SIGMOID_GRAD("(%1$s * (1f - %2$s) * %2$s)"),
        TANH_GRAD("(%1$s * (1f - %2$s * %2$s))");

        private final String java;

        Fn2(String java) {
            this.java = java;
        }
    }

    record Call1(Fn1 fn, PExpr a) implements PExpr {
        public String java(List<String> in) {
            return String.format(fn.java, a.java(in));
        }

        public String text() {
            return fn.name().toLowerCase(Locale.ROOT) + "(" + a.text() + ")";
        }

        public PExpr substitute(List<PExpr> with) {
            return new Call1(fn, a.substitute(with));
        }
    }

    record Call2(Fn2 fn, PExpr a, PExpr b) implements PExpr {
        public String java(List<String> in) {
            return String.format(fn.java, a.java(in), b.java(in));
        }

        public String text() {
            return fn.name().toLowerCase(Locale.ROOT) + "(" + a.text() + ", " + b.text() + ")";
        }

        public PExpr substitute(List<PExpr> with) {
            return new Call2(fn, a.substitute(with), b.substitute(with));
        }
    }

    static PExpr in(int i) {
        return new In(i);
    }
}
