package dev.nnet.ops.pointwise;

import static dev.nnet.ops.ParamSpec.optional;
import static dev.nnet.ops.ParamSpec.word;

import dev.nnet.ir.op.PExpr.Fn1;
import dev.nnet.ir.op.PExpr.Fn2;
import dev.nnet.ir.op.Pointwise;
import dev.nnet.ops.Op;
import dev.nnet.ops.Signature;
import java.util.List;

/**
 * The activations, one row each: the name users write, PyTorch's class, the arguments, the point-wise expression it
 * lowers to (whose gradient rule is in {@code ir/op/PointwiseGradients}) and the doc shown on hover.
 */
public final class Activations {
    private static final String SAME_SHAPE = " to every element; the output has the input's shape.";

    private Activations() {
    }

    public static List<Op> all() {
        return List.of(
                new Elementwise("relu", "ReLU", Signature.of(), a -> Pointwise.of(Fn1.RELU),
                        "Applies max(0, x)" + SAME_SHAPE + " No parameters."),
                new Elementwise("sigmoid", "Sigmoid", Signature.of(), a -> Pointwise.of(Fn1.SIGMOID),
                        "Applies 1 / (1 + e^−x), squashing to (0, 1)" + SAME_SHAPE + " No parameters."),
                new Elementwise("tanh", "Tanh", Signature.of(), a -> Pointwise.of(Fn1.TANH),
                        "Applies the hyperbolic tangent, squashing to (−1, 1)" + SAME_SHAPE + " No parameters."),
                new Elementwise("leaky_relu", "LeakyReLU",
                        Signature.of(optional("negative_slope", 0.01, "slope for negative inputs")),
                        a -> Pointwise.withConstant(Fn2.LEAKY_RELU, (float) a.real("negative_slope", 0.01), false),
                        "Applies x where x > 0 and negative_slope · x elsewhere" + SAME_SHAPE + " No parameters."),
                new Elementwise("gelu", "GELU",
                        Signature.of(word("approximate", "none", List.of("none", "tanh"),
                                "\"tanh\" for the tanh approximation, as in PyTorch")),
                        a -> Pointwise.of(a.word("approximate", "none").equals("tanh") ? Fn1.GELU_TANH : Fn1.GELU),
                        "Applies x · Φ(x), Φ the standard normal CDF (with approximate=\"tanh\", x/2 · (1 + "
                                + "tanh(√(2/π) (x + 0.044715 x³))))" + SAME_SHAPE + " No parameters."));
    }
}
