package dev.nnet.ops.shape;

import static dev.nnet.ops.ParamSpec.required;

import dev.nnet.ops.ArgKind;
import dev.nnet.ir.Node;
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

/** {@code transpose(dim0, dim1)}: swaps two dimensions. */
public final class Transpose extends OpBase {
    private static final Signature SIGNATURE = Signature.of(
            required("dim0", ArgKind.INT, "first dimension to swap (negative counts from the end)"),
            required("dim1", ArgKind.INT, "second dimension to swap"));

    public Transpose() {
        super("transpose", "transpose", OpKind.STATELESS, SIGNATURE, List.of("input"));
    }

    @Override
    public Value apply(OpContext ctx, Args args, List<Value> inputs) {
        Optional<TensorType> in = Shapes.tensorInput(ctx, inputs, 0);
        if (in.isEmpty()) {
            return Value.UNKNOWN;
        }
        TensorType x = in.get();
        OptionalInt a = Axes.normalize(ctx, args, "dim0", x, 0);
        OptionalInt b = Axes.normalize(ctx, args, "dim1", x, 0);
        if (a.isEmpty() || b.isEmpty()) {
            return Value.UNKNOWN;
        }
        if (x.rank() == 0) {
            return new Value.Tensor(x, name());
        }
        List<Dim> out = new ArrayList<>(x.dims());
        out.set(a.getAsInt(), x.dim(b.getAsInt()));
        out.set(b.getAsInt(), x.dim(a.getAsInt()));
        return new Value.Tensor(x.withDims(out), name());
    }

    /** A copy with the two axes swapped; swapping an axis with itself, or a scalar's, changes nothing. */
    @Override
    public Node lower(LowerContext cx) {
        Node x = cx.input(0);
        int rank = x.type().rank();
        int a = axis(cx.args().integer("dim0", 0), rank);
        int b = axis(cx.args().integer("dim1", 0), rank);
        if (a == b) {
            return cx.reshapeToOutput();
        }
        return cx.add(new dev.nnet.ir.op.Transpose(Math.min(a, b), Math.max(a, b)), x);
    }

    /** A checked dimension argument as an index: negative ones count from the end. */
    private static int axis(long dim, int rank) {
        return (int) (dim < 0 ? dim + Math.max(rank, 1) : dim);
    }

    @Override
    public String doc() {
        return "Swaps dimensions dim0 and dim1: [T, N, H].transpose(0, 1) is [N, T, H]. No parameters.";
    }
}
