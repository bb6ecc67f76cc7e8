package dev.nnet.ir.op;

import java.util.ArrayDeque;
import java.util.ArrayList;
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

    /** Replaces input {@code i} by {@code with[i]}; iterative, so long chains cannot exhaust the stack. */
    default PExpr substitute(List<PExpr> with) {
        return Substitution.apply(this, with);
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

    /** One-argument functions. */
    enum Fn1 {
        NEG, RELU, SIGMOID, TANH;

        public String text() {
            return name().toLowerCase(Locale.ROOT);
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

    /** Substitution by an explicit post-order walk with memoized shared subtrees. */
    final class Substitution {
        private Substitution() {
        }

        static PExpr apply(PExpr root, List<PExpr> with) {
            Map<PExpr, PExpr> done = new IdentityHashMap<>();
            Deque<PExpr> stack = new ArrayDeque<>();
            stack.push(root);
            while (!stack.isEmpty()) {
                PExpr e = stack.peek();
                if (done.containsKey(e)) {
                    stack.pop();
                    continue;
                }
                List<PExpr> pending = new ArrayList<>();
                if (e instanceof Call1 c && !done.containsKey(c.a())) {
                    pending.add(c.a());
                } else if (e instanceof Call2 c) {
                    if (!done.containsKey(c.a())) {
                        pending.add(c.a());
                    }
                    if (!done.containsKey(c.b())) {
                        pending.add(c.b());
                    }
                }
                if (!pending.isEmpty()) {
                    pending.forEach(stack::push);
                    continue;
                }
                stack.pop();
                done.put(e, rebuilt(e, with, done));
            }
            return done.get(root);
        }

        private static PExpr rebuilt(PExpr e, List<PExpr> with, Map<PExpr, PExpr> done) {
            if (e instanceof In in) {
                return with.get(in.index());
            }
            if (e instanceof Call1 c) {
                return new Call1(c.fn(), done.get(c.a()));
            }
            if (e instanceof Call2 c) {
                return new Call2(c.fn(), done.get(c.a()), done.get(c.b()));
            }
            return e;
        }
    }
}
