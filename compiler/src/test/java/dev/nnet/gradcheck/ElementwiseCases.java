package dev.nnet.gradcheck;

import static dev.nnet.gradcheck.CaseBuilder.N;
import static dev.nnet.gradcheck.CaseBuilder.shape;

import dev.nnet.gradcheck.CaseBuilder.Fill;
import dev.nnet.ir.Node;
import dev.nnet.ir.op.Concat;
import dev.nnet.ir.op.Dropout;
import dev.nnet.ir.op.PExpr.Fn1;
import dev.nnet.ir.op.PExpr.Fn2;
import dev.nnet.ir.op.Pointwise;
import dev.nnet.ir.op.Reshape;
import dev.nnet.ir.op.Slice;
import dev.nnet.ir.op.Softmax;
import dev.nnet.ir.op.Transpose;
import dev.nnet.types.TensorType;
import java.util.ArrayList;
import java.util.List;

/**
 * Gradient checks of the ops without parameters: every element-wise function (with tensors, constants and
 * broadcasting), softmax, log-softmax, reshape, concat and dropout.
 */
final class ElementwiseCases {
    private ElementwiseCases() {
    }

    static List<GradCase> cases() {
        List<GradCase> out = new ArrayList<>();
        for (Fn1 fn : java.util.Arrays.stream(Fn1.values()).filter(f -> !f.derivative()).toList()) {
            // Relu's kink is at 0; the smooth functions take any value.
            Fill fill = fn == Fn1.RELU ? Fill.AWAY_FROM_ZERO : Fill.UNIFORM;
            out.add(new GradCase(fn + " of [N,3,5]", c -> c.weightedSum(c.op(Pointwise.of(fn),
                    c.param("x", shape(N, 3, 5), fill)))));
        }
        // Gelu's tails: far left, where x·Φ(x) is tiny but its slope is not yet 0, and far right.
        for (Fn1 gelu : List.of(Fn1.GELU, Fn1.GELU_TANH)) {
            out.add(new GradCase(gelu + " of [N,4] at -6 to -3 and 3 to 6", c -> c.weightedSum(c.op(
                    Pointwise.of(gelu), c.param("x", shape(N, 4), Fill.TAILS)))));
        }
        for (float slope : new float[] {0.01f, 0.2f, -0.5f}) {
            // Away from the kink at 0, where the derivative jumps from the slope to 1.
            out.add(new GradCase("LEAKY_RELU slope " + slope + " of [N,3,5]", c -> c.weightedSum(c.op(
                    Pointwise.withConstant(Fn2.LEAKY_RELU, slope, false), c.param("x", shape(N, 3, 5),
                            Fill.AWAY_FROM_ZERO)))));
        }
        for (Fn2 fn : List.of(Fn2.ADD, Fn2.SUB, Fn2.MUL, Fn2.DIV)) {
            Fill divisor = fn == Fn2.DIV ? Fill.POSITIVE : Fill.UNIFORM;
            out.add(new GradCase(fn + " of two [N,5]", c -> {
                Node a = c.param("a", shape(N, 5));
                c.weightedSum(c.op(Pointwise.of(fn), a, c.param("b", shape(N, 5), divisor)));
            }));
            out.add(new GradCase(fn + " of [N,5] and the constant 0.7", c -> c.weightedSum(c.op(
                    Pointwise.withConstant(fn, 0.7f, false), c.param("x", shape(N, 5))))));
            out.add(new GradCase(fn + " of the constant 3 and [N,5]", c -> c.weightedSum(c.op(
                    Pointwise.withConstant(fn, 3f, true), c.param("x", shape(N, 5), divisor)))));
            broadcast(out, fn, shape(N, 3, 7, 5), shape(3, 1, 1));
            broadcast(out, fn, shape(N, 5), shape(5));
            broadcast(out, fn, shape(N, 1, 5), shape(4, 1));
            broadcast(out, fn, shape(3, 1), shape(N, 3, 5));
            broadcast(out, fn, shape(N, 5), shape());
        }
        out.add(new GradCase("MUL of a tensor by itself", c -> {
            Node x = c.param("x", shape(N, 5));
            c.weightedSum(c.op(Pointwise.of(Fn2.MUL), x, x));
        }));
        out.add(new GradCase("MUL of a parameter and data", c -> {
            Node x = c.input("x", shape(N, 5), Fill.UNIFORM);
            c.weightedSum(c.op(Pointwise.of(Fn2.MUL), x, c.param("w", shape(5))));
        }));
        for (boolean log : new boolean[] {false, true}) {
            String name = log ? "log_softmax" : "softmax";
            out.add(new GradCase(name + " of [N,7]", c -> c.weightedSum(c.op(new Softmax(log),
                    c.param("x", shape(N, 7))))));
            out.add(new GradCase(name + " over the last axis of [N,2,5]", c -> c.weightedSum(c.op(new Softmax(log),
                    c.param("x", shape(N, 2, 5))))));
        }
        out.add(new GradCase("reshape [N,3,2,5] to [N,30]", c -> c.weightedSum(c.op(new Reshape(shape(N, 30)),
                c.param("x", shape(N, 3, 2, 5))))));
        out.add(new GradCase("reshape [N,3,2,5] to [6*N,5]", c -> c.weightedSum(c.op(new Reshape(shape(N.times(6), 5)),
                c.param("x", shape(N, 3, 2, 5))))));
        out.add(new GradCase("concat axis 1 of [N,2,5], [N,3,5], [N,1,5]", c -> {
            Node a = c.param("a", shape(N, 2, 5));
            Node b = c.param("b", shape(N, 3, 5));
            c.weightedSum(c.op(new Concat(1), a, b, c.param("c", shape(N, 1, 5))));
        }));
        out.add(new GradCase("concat axis 2 of [N,2,3] and [N,2,4]", c -> {
            Node a = c.param("a", shape(N, 2, 3));
            c.weightedSum(c.op(new Concat(2), a, c.param("b", shape(N, 2, 4))));
        }));
        out.add(new GradCase("concat axis 0 of [N,5] and [2,5]", c -> {
            Node a = c.param("a", shape(N, 5));
            c.weightedSum(c.op(new Concat(0), a, c.param("b", shape(2, 5))));
        }));
        out.add(new GradCase("concat of data and a parameter", c -> {
            Node a = c.input("a", shape(N, 3), Fill.UNIFORM);
            c.weightedSum(c.op(new Concat(1), a, c.param("b", shape(N, 5))));
        }));
        out.add(new GradCase("slice axis 1 [1, 3) of [N,4,3]", c -> c.weightedSum(c.op(
                new Slice(1, dev.nnet.types.Dim.of(1), dev.nnet.types.Dim.of(2)), c.param("x", shape(N, 4, 3))))));
        out.add(new GradCase("slice axis 0 of [N,5]: the last sample", c -> c.weightedSum(c.op(
                new Slice(0, N.plus(-1), dev.nnet.types.Dim.of(1)), c.param("x", shape(N, 5))))));
        out.add(new GradCase("transpose axes 0,1 of [N,3]: t()", c -> c.weightedSum(c.op(new Transpose(0, 1),
                c.param("x", shape(N, 3))))));
        out.add(new GradCase("transpose axes 1,3 of [N,2,3,4,2]", c -> c.weightedSum(c.op(new Transpose(1, 3),
                c.param("x", shape(N, 2, 3, 4, 2))))));
        out.add(new GradCase("dropout p=0.3 of [N,7]", c -> c.weightedSum(c.op(new Dropout(0.3f),
                c.param("x", shape(N, 7))))));
        out.add(new GradCase("dropout p=0.5 of [N,3,5,5]", c -> c.weightedSum(c.op(new Dropout(0.5f),
                c.param("x", shape(N, 3, 5, 5))))));
        return out;
    }

    /** Both operands are parameters, so both gradients are summed back over the axes broadcasting expanded. */
    private static void broadcast(List<GradCase> out, Fn2 fn, TensorType a, TensorType b) {
        out.add(new GradCase(fn + " broadcasting " + a.shapeText() + " with " + b.shapeText(), c -> {
            Node x = c.param("a", a);
            c.weightedSum(c.op(Pointwise.of(fn), x, c.param("b", b, fn == Fn2.DIV ? Fill.POSITIVE : Fill.UNIFORM)));
        }));
    }
}
