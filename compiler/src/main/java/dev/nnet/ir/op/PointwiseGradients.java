package dev.nnet.ir.op;

import dev.nnet.ir.Gradients;
import dev.nnet.ir.IrException;
import dev.nnet.ir.Node;
import dev.nnet.ir.op.PExpr.Call1;
import dev.nnet.ir.op.PExpr.Call2;
import dev.nnet.ir.op.PExpr.Const;
import dev.nnet.ir.op.PExpr.Fn1;
import dev.nnet.ir.op.PExpr.Fn2;
import dev.nnet.ir.op.PExpr.In;

/**
 * The gradient rules of the element-wise functions, for the single-function nodes lowering produces (fusion runs
 * after autodiff). Activations differentiate through their output, so their forward input need not be kept.
 */
final class PointwiseGradients {
    private PointwiseGradients() {
    }

    /** d(self)/d(input i) times dOut, as a node (or dOut itself when that is the identity). */
    static Node of(Gradients g, Node self, PExpr expr, int i, Node dOut) {
        if (expr instanceof Call1 c && c.a() instanceof In) {
            switch (c.fn()) {
                case NEG:
                    return g.add(self, Pointwise.of(Fn1.NEG), dOut);
                case RELU:
                    return g.add(self, Pointwise.of(Fn2.RELU_GRAD), dOut, self);
                case SIGMOID:
                    return g.add(self, Pointwise.of(Fn2.SIGMOID_GRAD), dOut, self);
                case TANH:
                    return g.add(self, Pointwise.of(Fn2.TANH_GRAD), dOut, self);
                case GELU:
                    return timesSlope(g, self, Fn1.GELU_SLOPE, i, dOut);
                case GELU_TANH:
                    return timesSlope(g, self, Fn1.GELU_TANH_SLOPE, i, dOut);
                default:
                    break;
            }
        }
        if (expr instanceof Call2 c && c.fn() == Fn2.LEAKY_RELU && c.a() instanceof In && c.b() instanceof Const) {
            // d/dx leaky_relu(x, k) = (x > 0 ? 1 : k), read from the input as PyTorch does.
            return g.add(self, new Pointwise(new Call2(Fn2.MUL, PExpr.in(0), new Call2(Fn2.LEAKY_RELU_SLOPE,
                    PExpr.in(1), c.b()))), dOut, self.input(i));
        }
        if (expr instanceof Call2 c && operand(c.a()) && operand(c.b()) && !sameInput(c.a(), c.b())) {
            boolean isA = c.a() instanceof In a && a.index() == i;
            PExpr other = isA ? c.b() : c.a();
            switch (c.fn()) {
                case ADD:
                    return dOut;
                case SUB:
                    return isA ? dOut : g.add(self, Pointwise.of(Fn1.NEG), dOut);
                case MUL:
                    return times(g, self, dOut, other);
                case DIV:
                    if (isA) {
                        return other instanceof Const k ? g.add(self, Pointwise.withConstant(Fn2.MUL, 1f / k.value(),
                                false), dOut) : g.add(self, Pointwise.of(Fn2.DIV), dOut, input(self, other));
                    }
                    // d(a/b)/db = -(a/b)/b = -self/b
                    return g.add(self, new Pointwise(new Call1(Fn1.NEG, new Call2(Fn2.DIV, new Call2(Fn2.MUL,
                            PExpr.in(0), PExpr.in(1)), PExpr.in(2)))), dOut, self, self.input(i));
                default:
                    break;
            }
        }
        throw new IrException("no gradient rule for fused expression " + expr.text());
    }

    /** dOut times the derivative {@code slope} of the input: gelu's is not a function of its output. */
    private static Node timesSlope(Gradients g, Node self, Fn1 slope, int i, Node dOut) {
        return g.add(self, new Pointwise(new Call2(Fn2.MUL, PExpr.in(0), new Call1(slope, PExpr.in(1)))), dOut,
                self.input(i));
    }

    /** {@code mul($0, $0)} would need both operands' terms; lowering never makes it (it passes x twice). */
    private static boolean sameInput(PExpr a, PExpr b) {
        return a instanceof In x && b instanceof In y && x.index() == y.index();
    }

    private static boolean operand(PExpr e) {
        return e instanceof In || e instanceof Const;
    }

    private static Node times(Gradients g, Node self, Node dOut, PExpr other) {
        if (other instanceof Const k) {
            return g.add(self, Pointwise.withConstant(Fn2.MUL, k.value(), false), dOut);
        }
        return g.add(self, Pointwise.of(Fn2.MUL), dOut, input(self, other));
    }

    private static Node input(Node self, PExpr operand) {
        return self.input(((In) operand).index());
    }
}
