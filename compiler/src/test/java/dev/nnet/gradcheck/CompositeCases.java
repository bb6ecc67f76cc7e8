package dev.nnet.gradcheck;

import static dev.nnet.gradcheck.CaseBuilder.N;
import static dev.nnet.gradcheck.CaseBuilder.shape;

import dev.nnet.gradcheck.CaseBuilder.Fill;
import dev.nnet.ir.Node;
import dev.nnet.ir.op.Act;
import dev.nnet.ir.op.Concat;
import dev.nnet.ir.op.Conv2d;
import dev.nnet.ir.op.ConvGeometry;
import dev.nnet.ir.op.Dropout;
import dev.nnet.ir.op.Linear;
import dev.nnet.ir.op.Loss;
import dev.nnet.ir.op.LossKind;
import dev.nnet.ir.op.PExpr.Fn1;
import dev.nnet.ir.op.PExpr.Fn2;
import dev.nnet.ir.op.Pointwise;
import dev.nnet.ir.op.Pool2d;
import dev.nnet.ir.op.PoolGeometry;
import dev.nnet.ir.op.Reshape;
import dev.nnet.ir.op.Softmax;
import java.util.List;

/**
 * Small networks shaped like the seeds, checked end to end from the loss: they exercise how autodiff chains the
 * rules, and how it sums gradients where a value or a layer is used more than once (residuals, shared layers).
 */
final class CompositeCases {
    private CompositeCases() {
    }

    static List<GradCase> cases() {
        return List.of(
                new GradCase("mlp: linear, relu, linear, cross-entropy", c -> {
                    Node x = c.input("x", shape(N, 5), Fill.UNIFORM);
                    Node h = c.op(Pointwise.of(Fn1.RELU), linear(c, "fc1", x, 5, 7));
                    c.loss(c.op(new Loss(LossKind.CROSS_ENTROPY, false, 1f), linear(c, "fc2", h, 7, 3),
                            c.classes("target", 3)));
                }),
                new GradCase("cnn: conv, max pool, relu, flatten, linear, log_softmax, nll", c -> {
                    ConvGeometry g = new ConvGeometry(1, 7, 5, 3, 3, 2, 1, 1, 0, 0, 1, 1, 1);
                    Node x = c.input("x", shape(N, 1, 7, 5), Fill.UNIFORM);
                    Node conv = c.op(new Conv2d(g, true, Act.NONE), x, c.param("conv.weight", shape(3, 1, 3, 2)),
                            c.param("conv.bias", shape(3)));
                    Node pool = c.op(new Pool2d(new PoolGeometry(true, 3, 5, 4, 2, 2, 2, 2, 0, 0, false, true)), conv);
                    Node flat = c.op(new Reshape(shape(N, 12)), c.op(Pointwise.of(Fn1.RELU), pool));
                    Node logits = linear(c, "fc", flat, 12, 5);
                    c.loss(c.op(new Loss(LossKind.NLL, false, 1f), c.op(new Softmax(true), logits),
                            c.classes("target", 5)));
                }),
                new GradCase("residual: relu(conv(x) + x), avg pool, linear, mse", c -> {
                    ConvGeometry g = new ConvGeometry(3, 5, 5, 3, 3, 3, 1, 1, 1, 1, 1, 1, 1);
                    Node x = c.param("x", shape(N, 3, 5, 5));
                    Node conv = c.op(new Conv2d(g, false, Act.NONE), x, c.param("conv.weight", shape(3, 3, 3, 3)));
                    Node res = c.op(Pointwise.of(Fn1.RELU), c.op(Pointwise.of(Fn2.ADD), conv, x));
                    Node pool = c.op(new Pool2d(new PoolGeometry(false, 3, 5, 5, 2, 2, 2, 2, 0, 0, false, true)), res);
                    Node out = linear(c, "fc", c.op(new Reshape(shape(N, 12)), pool), 12, 2);
                    c.loss(c.op(new Loss(LossKind.MSE, false, 1f), out, c.input("target", shape(N, 2), Fill.UNIFORM)));
                }),
                new GradCase("shared layer: linear, tanh, the same linear, sigmoid, bce", c -> {
                    Node w = c.param("fc.weight", shape(5, 5));
                    Node b = c.param("fc.bias", shape(5));
                    Node x = c.input("x", shape(N, 5), Fill.UNIFORM);
                    Node h = c.op(Pointwise.of(Fn1.TANH), c.op(new Linear(true, Act.NONE), x, w, b));
                    Node p = c.op(Pointwise.of(Fn1.SIGMOID), c.op(new Linear(true, Act.NONE), h, w, b));
                    c.loss(c.op(new Loss(LossKind.BCE, true, 1f), p, c.input("target", shape(N, 5), Fill.BINARY)));
                }),
                new GradCase("branches: 1x1 and 3x3 convs, concat, dropout, avg pool, linear, bce with logits", c -> {
                    Node x = c.param("x", shape(N, 2, 5, 5));
                    Node a = c.op(new Conv2d(new ConvGeometry(2, 5, 5, 2, 1, 1, 1, 1, 0, 0, 1, 1, 1), true, Act.NONE),
                            x, c.param("a.weight", shape(2, 2, 1, 1)), c.param("a.bias", shape(2)));
                    Node b = c.op(new Conv2d(new ConvGeometry(2, 5, 5, 3, 3, 3, 1, 1, 1, 1, 1, 1, 1), true, Act.NONE),
                            x, c.param("b.weight", shape(3, 2, 3, 3)), c.param("b.bias", shape(3)));
                    Node cat = c.op(new Dropout(0.25f), c.op(new Concat(1), a, b));
                    Node pool = c.op(new Pool2d(new PoolGeometry(false, 5, 5, 5, 3, 3, 2, 2, 1, 1, false, false)), cat);
                    Node out = linear(c, "fc", c.op(new Reshape(shape(N, 45)), pool), 45, 1);
                    c.loss(c.op(new Loss(LossKind.BCE_WITH_LOGITS, false, 1f), out,
                            c.input("target", shape(N, 1), Fill.BINARY)));
                }),
                new GradCase("softmax probabilities into mse", c -> {
                    Node x = c.input("x", shape(N, 5), Fill.UNIFORM);
                    Node p = c.op(new Softmax(false), linear(c, "fc", x, 5, 4));
                    c.loss(c.op(new Loss(LossKind.MSE, true, 0.5f), p, c.input("target", shape(N, 4), Fill.UNIFORM)));
                }));
    }

    private static Node linear(CaseBuilder c, String name, Node x, int in, int out) {
        return c.op(new Linear(true, Act.NONE), x, c.param(name + ".weight", shape(out, in)),
                c.param(name + ".bias", shape(out)));
    }
}
