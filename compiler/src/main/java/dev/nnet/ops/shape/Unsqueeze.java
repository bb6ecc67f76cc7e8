package dev.nnet.ops.shape;

import static dev.nnet.ops.ParamSpec.required;

import dev.nnet.ir.Node;
import dev.nnet.ops.ArgKind;
import dev.nnet.ops.Axes;
import dev.nnet.ops.LowerContext;
import dev.nnet.ops.OpBase;
import dev.nnet.ops.OpContext;
import dev.nnet.ops.OpKind;
import dev.nnet.ops.Shapes;
import dev.nnet.ops.Signature;
import dev.nnet.types.Args;
import dev.nnet.types.Dim;
import dev.nnet.types.TensorType;
import dev.nnet.types.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** {@code unsqueeze(dim)}: inserts a dimension of size 1, e.g. a channel axis: [N, 28, 28] → [N, 1, 28, 28]. */
public final class Unsqueeze extends OpBase {
    private static final Signature SIGNATURE = Signature.of(
            required("dim", ArgKind.INT, "where the new size-1 dimension goes, from -(rank+1) to rank"));

    public Unsqueeze() {
        super("unsqueeze", "unsqueeze", OpKind.STATELESS, SIGNATURE, List.of("input"));
    }

    @Override
    public Value apply(OpContext ctx, Args args, List<Value> inputs) {
        Optional<TensorType> in = Shapes.tensorInput(ctx, inputs, 0);
        if (in.isEmpty()) {
            return Value.UNKNOWN;
        }
        TensorType x = in.get();
        // A new dimension may go after the last one, so the range is one wider than the rank (as in PyTorch).
        OptionalInt dim = Axes.normalize(ctx, args, "dim", x, 1);
        if (dim.isEmpty()) {
            return Value.UNKNOWN;
        }
        List<Dim> out = new ArrayList<>(x.dims());
        out.add(dim.getAsInt(), Dim.of(1));
        return new Value.Tensor(x.withDims(out), name());
    }

    /** Only the shape changes: the IR reshape aliases the input's buffer. */
    @Override
    public Node lower(LowerContext cx) {
        return cx.reshapeToOutput();
    }

    @Override
    public String doc() {
        return "Inserts a dimension of size 1 at `dim`: [N, 28, 28].unsqueeze(1) is [N, 1, 28, 28]. No parameters.";
    }
}
