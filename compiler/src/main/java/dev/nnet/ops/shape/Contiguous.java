package dev.nnet.ops.shape;

import dev.nnet.ir.Node;
import dev.nnet.ops.LowerContext;
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

/**
 * {@code contiguous()}: PyTorch's copy into row-major order, after which {@code view} accepts any shape with the same
 * element count. nnet's transpose and slices already produce dense copies, so it lowers to nothing.
 */
public final class Contiguous extends OpBase {
    public Contiguous() {
        super("contiguous", "contiguous", OpKind.STATELESS, Signature.of(), List.of("input"));
    }

    @Override
    public Value apply(OpContext ctx, Args args, List<Value> inputs) {
        Optional<TensorType> in = Shapes.tensorInput(ctx, inputs, 0);
        return in.<Value>map(t -> new Value.Tensor(t, name())).orElse(Value.UNKNOWN);
    }

    /** The dense buffer the transpose or slice wrote is already row-major: the IR reshape aliases it. */
    @Override
    public Node lower(LowerContext cx) {
        return cx.reshapeToOutput();
    }

    @Override
    public String doc() {
        return "The input with its elements in row-major order, so that `view` can reshape it after `transpose` or "
                + "a slice: x.transpose(1, 2).contiguous().view(N, -1). The shape is unchanged. No parameters.";
    }
}
