package dev.nnet.gradcheck;

import dev.nnet.ir.Node;
import dev.nnet.ir.op.PExpr;

/** Element-wise expressions in double with numpy broadcasting, and {@code reduce_to}, its adjoint. */
final class ReferencePointwise {
    private ReferencePointwise() {
    }

    static double[] pointwise(ReferenceInterpreter ri, Node n, PExpr expr, double[][] in) {
        int[] out = ri.shape(n.type());
        double[] y = new double[ri.numel(n.type())];
        int[][] shapes = new int[in.length][];
        for (int k = 0; k < in.length; k++) {
            shapes[k] = ri.shape(n.input(k).type());
        }
        double[] operands = new double[in.length];
        for (int i = 0; i < y.length; i++) {
            for (int k = 0; k < in.length; k++) {
                operands[k] = in[k][broadcastIndex(out, i, shapes[k])];
            }
            y[i] = eval(expr, operands);
        }
        return y;
    }

    /** Each element of the input adds into the element of the (smaller) target it was broadcast from. */
    static double[] reduceTo(ReferenceInterpreter ri, Node n, double[] dy) {
        int[] from = ri.shape(n.input(0).type());
        int[] to = ri.shape(n.type());
        double[] out = new double[ri.numel(n.type())];
        for (int i = 0; i < dy.length; i++) {
            out[broadcastIndex(from, i, to)] += dy[i];
        }
        return out;
    }

    /**
     * The flat index into a tensor of shape {@code in} that broadcasting reads for flat index {@code flat} of
     * shape {@code out}: axes are aligned from the right, and an axis of size 1 always reads coordinate 0.
     */
    static int broadcastIndex(int[] out, int flat, int[] in) {
        int index = 0;
        int stride = 1;
        int rest = flat;
        for (int axis = out.length - 1; axis >= 0; axis--) {
            int coord = rest % out[axis];
            rest /= out[axis];
            int inAxis = axis - (out.length - in.length);
            if (inAxis >= 0) {
                index += (in[inAxis] == 1 ? 0 : coord) * stride;
                stride *= in[inAxis];
            }
        }
        return index;
    }

    static double eval(PExpr e, double[] in) {
        if (e instanceof PExpr.In i) {
            return in[i.index()];
        } else if (e instanceof PExpr.Const c) {
            return c.value();
        } else if (e instanceof PExpr.Call1 c) {
            return apply(c.fn(), eval(c.a(), in));
        } else if (e instanceof PExpr.Call2 c) {
            return apply(c.fn(), eval(c.a(), in), eval(c.b(), in));
        }
        throw new IllegalStateException("no reference semantics for expression " + e.text());
    }

    private static double apply(PExpr.Fn1 fn, double a) {
        switch (fn) {
            case NEG:
                return -a;
            case RELU:
                return Math.max(0, a);
            case SIGMOID:
                return 1 / (1 + Math.exp(-a));
            case TANH:
                return Math.tanh(a);
            case GELU:
                return 0.5 * a * dev.nnet.kernels.Erf.erfc(-a / Math.sqrt(2));
            case GELU_SLOPE:
                return 0.5 * dev.nnet.kernels.Erf.erfc(-a / Math.sqrt(2))
                        + a * Math.exp(-a * a / 2) / Math.sqrt(2 * Math.PI);
            case GELU_TANH:
                return 0.5 * a * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (a + 0.044715 * a * a * a)));
            case GELU_TANH_SLOPE: {
                double t = Math.tanh(Math.sqrt(2 / Math.PI) * (a + 0.044715 * a * a * a));
                return 0.5 * (1 + t) + 0.5 * a * (1 - t * t) * Math.sqrt(2 / Math.PI) * (1 + 3 * 0.044715 * a * a);
            }
            default:
                throw new IllegalStateException("no reference semantics for " + fn);
        }
    }

    /** The {@code _GRAD} functions take (dy, y) with y the activation's output, as {@link PExpr.Fn2} says. */
    private static double apply(PExpr.Fn2 fn, double a, double b) {
        switch (fn) {
            case ADD:
                return a + b;
            case SUB:
                return a - b;
            case MUL:
                return a * b;
            case DIV:
                return a / b;
            case RELU_GRAD:
                return b > 0 ? a : 0;
            case SIGMOID_GRAD:
                return a * b * (1 - b);
            case TANH_GRAD:
                return a * (1 - b * b);
            case LEAKY_RELU:
                return a > 0 ? a : b * a;
            case LEAKY_RELU_SLOPE:
                return a > 0 ? 1 : b;
            default:
                throw new IllegalStateException("no reference semantics for " + fn);
        }
    }
}
