package dev.nnet.ir.op;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A scalar expression over the inputs of a {@link Pointwise} node ({@code $0}, {@code $1}, ...), evaluated once
 * per element. Fusion substitutes one expression into another, so a chain of element-wise ops becomes one loop.
 * It is a plain tree: each backend renders it from its own table of functions.
 */
public sealed interface PExpr {
    /** Text for IR dumps, parsed back by {@code IrParser}. */
    String text();

    /** The number of function applications in the tree: fusion keeps expressions small enough to render. */
    int size();

    /** Replaces input {@code i} by {@code with[i]}. */
    default PExpr substitute(List<PExpr> with) {
        return fold(new Folder<PExpr>() {
            public PExpr in(In in) {
                return with.get(in.index());
            }

            public PExpr constant(Const c) {
                return c;
            }

            public PExpr call1(Fn1 fn, PExpr a) {
                return new Call1(fn, a);
            }

            public PExpr call2(Fn2 fn, PExpr a, PExpr b) {
                return new Call2(fn, a, b);
            }
        });
    }

    /** What a bottom-up walk makes of each kind of node, given what it made of the node's operands. */
    interface Folder<T> {
        T in(In in);

        T constant(Const c);

        T call1(Fn1 fn, T a);

        T call2(Fn2 fn, T a, T b);
    }

    /** Folds the tree bottom-up with an explicit stack, so long chains cannot exhaust the call stack. */
    default <T> T fold(Folder<T> folder) {
        Map<PExpr, T> done = new IdentityHashMap<>();
        Deque<PExpr> stack = new ArrayDeque<>();
        stack.push(this);
        while (!stack.isEmpty()) {
            PExpr e = stack.peek();
            if (e instanceof Call1 c && !done.containsKey(c.a())) {
                stack.push(c.a());
            } else if (e instanceof Call2 c && !done.containsKey(c.a())) {
                stack.push(c.a());
            } else if (e instanceof Call2 c && !done.containsKey(c.b())) {
                stack.push(c.b());
            } else {
                stack.pop();
                done.put(e, e instanceof In in ? folder.in(in) : e instanceof Const k ? folder.constant(k)
                        : e instanceof Call1 c ? folder.call1(c.fn(), done.get(c.a()))
                        : folder.call2(((Call2) e).fn(), done.get(((Call2) e).a()), done.get(((Call2) e).b())));
            }
        }
        return done.get(this);
    }

    record In(int index) implements PExpr {
        public String text() {
            return "$" + index;
        }

        public int size() {
            return 0;
        }
    }

    record Const(float value) implements PExpr {
        public String text() {
            return Float.toString(value);
        }

        public int size() {
            return 0;
        }
    }

    /**
     * One-argument functions. {@code GELU} is PyTorch's exact x·Φ(x), {@code GELU_TANH} its {@code approximate="tanh"}
     * form; {@code GELU_SLOPE} and {@code GELU_TANH_SLOPE} are their derivatives, read from the input x.
     */
    enum Fn1 {
        NEG, RELU, SIGMOID, TANH, GELU, GELU_TANH, GELU_SLOPE, GELU_TANH_SLOPE;

        public String text() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** A derivative that gradient rules emit, never differentiated itself (nnet takes first derivatives). */
        public boolean derivative() {
            return name().endsWith("_SLOPE");
        }
    }

    /**
     * Two-argument functions. The {@code _GRAD} ones take (dy, y) with y the activation's output.
     * {@code LEAKY_RELU(x, slope)} is PyTorch's {@code x > 0 ? x : slope · x}, and {@code LEAKY_RELU_SLOPE(x, slope)}
     * its derivative, {@code x > 0 ? 1 : slope}; the slope is a constant.
     */
    enum Fn2 {
        ADD, SUB, MUL, DIV, RELU_GRAD, SIGMOID_GRAD, TANH_GRAD, LEAKY_RELU, LEAKY_RELU_SLOPE;

        public String text() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** A derivative that gradient rules emit, never differentiated itself (nnet takes first derivatives). */
        public boolean derivative() {
            return name().endsWith("_GRAD") || this == LEAKY_RELU_SLOPE;
        }
    }

    record Call1(Fn1 fn, PExpr a) implements PExpr {
        public String text() {
            return fn.text() + "(" + a.text() + ")";
        }

        public int size() {
            return 1 + a.size();
        }
    }

    record Call2(Fn2 fn, PExpr a, PExpr b) implements PExpr {
        public String text() {
            return fn.text() + "(" + a.text() + ", " + b.text() + ")";
        }

        public int size() {
            return 1 + a.size() + b.size();
        }
    }

    static PExpr in(int i) {
        return new In(i);
    }
}
