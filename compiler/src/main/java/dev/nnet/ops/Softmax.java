package dev.nnet.ops;

import static dev.nnet.ops.ParamSpec.optional;

import dev.nnet.types.Args;
import dev.nnet.types.TensorType;
import dev.nnet.types.Value;
import java.util.List;
import java.util.Optional;

/** {@code softmax(dim=-1)}: exponentials normalised to sum to 1 along one dimension. */
class Softmax extends OpBase {
    private static final Signature SIGNATURE = Signature.of(
            optional("dim", -1, "the dimension that sums to 1 (negative counts from the end)"));

    Softmax() {
        this("softmax", "Softmax");
    }

    /** For a variant that shares this rule under its own names: {@code log_softmax}. */
    Softmax(String name, String displayName) {
        super(name, displayName, OpKind.STATELESS, SIGNATURE, List.of("input"));
    }

    @Override
    public Value apply(OpContext ctx, Args args, List<Value> inputs) {
        Optional<TensorType> in = Shapes.floatInput(ctx, inputs, 0);
        if (in.isEmpty() || Axes.normalize(ctx, args, "dim", in.get(), 0).isEmpty()) {
            return Value.UNKNOWN;
        }
        return new Value.Tensor(in.get(), name());
    }

    @Override
    public String doc() {
        return "Rescales the input along `dim` so its elements are positive and sum to 1: "
                + "softmax(x)ᵢ = exp(xᵢ) / Σⱼ exp(xⱼ). Same shape out. Losses that take logits "
                + "(`cross_entropy`) apply it themselves.";
    }
}
