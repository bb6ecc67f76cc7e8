package dev.nnet.ops.softmax;

import static dev.nnet.ops.ParamSpec.optional;

import dev.nnet.ops.Axes;
import dev.nnet.ops.OpBase;
import dev.nnet.ops.OpContext;
import dev.nnet.ops.OpKind;
import dev.nnet.ops.Shapes;
import dev.nnet.ops.Signature;
import dev.nnet.types.Args;
import dev.nnet.types.TensorType;
import dev.nnet.types.Value;
import java.util.List;
import java.util.Optional;
import dev.nnet.ir.Node;
import dev.nnet.ops.LowerContext;

/** {@code softmax(dim=-1)}: exponentials normalised to sum to 1 along one dimension. */
public class Softmax extends OpBase {
    private static final Signature SIGNATURE = Signature.of(
            optional("dim", -1, "the dimension that sums to 1 (negative counts from the end)"));

    public Softmax() {
        this("softmax", "Softmax");
    }

    /** For a variant that shares this rule under its own names: {@code log_softmax}. */
    public Softmax(String name, String displayName) {
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
    public Node lower(LowerContext cx) {
        Node x = cx.input(0);
        long dim = cx.args().integer("dim", -1);
        if (dim != -1 && dim != x.type().rank() - 1) {
            throw cx.unsupported(name() + " over an axis other than the last is not supported by the code generator "
                    + "yet");
        }
        return cx.add(new dev.nnet.ir.op.Softmax(name().startsWith("log")), x);
    }

    @Override
    public String doc() {
        return "Rescales the input along `dim` so its elements are positive and sum to 1: "
                + "softmax(x)ᵢ = exp(xᵢ) / Σⱼ exp(xⱼ). Same shape out. Losses that take logits "
                + "(`cross_entropy`) apply it themselves.";
    }
}
