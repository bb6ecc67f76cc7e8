package dev.nnet.ops.shape;

import static dev.nnet.ops.ParamSpec.optional;

import dev.nnet.diag.Code;
import dev.nnet.ops.Axes;
import dev.nnet.ops.OpBase;
import dev.nnet.ops.OpContext;
import dev.nnet.ops.OpKind;
import dev.nnet.ops.Signature;
import dev.nnet.types.Args;
import dev.nnet.types.Dim;
import dev.nnet.types.TensorType;
import dev.nnet.types.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** {@code stack(tensors, dim=0)}: joins equal-shaped tensors along a new dimension. */
public final class Stack extends OpBase {
    private static final Signature SIGNATURE = Signature.of(
            optional("dim", 0, "where the new dimension goes (negative counts from the end)"));

    public Stack() {
        super("stack", "stack", OpKind.FUNCTION, SIGNATURE, List.of("tensors"));
    }

    @Override
    public Value apply(OpContext ctx, Args args, List<Value> inputs) {
        Optional<List<TensorType>> list = Concat.tensorList(ctx, inputs, name());
        if (list.isEmpty()) {
            return Value.UNKNOWN;
        }
        List<TensorType> ts = list.get();
        TensorType first = ts.get(0);
        OptionalInt axis = Axes.normalize(ctx, args, "dim", first, 1);
        if (axis.isEmpty()) {
            return Value.UNKNOWN;
        }
        for (int i = 1; i < ts.size(); i++) {
            TensorType t = ts.get(i);
            if (!t.equals(first)) {
                int index = i;
                return ctx.fail(Code.E0204, ctx.inputSpan(0),
                        "`" + name() + "` needs tensors of one shape: tensor 0 is " + first + ", tensor " + i
                                + " is " + t,
                        r -> r.spanLabel("tensor " + index + " has shape " + t)
                                .help("`concat` joins along an existing dimension where sizes may differ"));
            }
        }
        List<Dim> out = new ArrayList<>(first.dims());
        out.add(axis.getAsInt(), Dim.of(ts.size()));
        return new Value.Tensor(first.withDims(out), name());
    }

    /** Each tensor gets its new axis of size 1 (a free reshape), then one concat joins them along it. */
    @Override
    public dev.nnet.ir.Node lower(dev.nnet.ops.LowerContext cx) {
        TensorType out = cx.output();
        int axis = (int) Math.floorMod(cx.args().integer("dim", 0), out.rank());
        TensorType one = out.withDim(axis, Dim.of(1));
        List<dev.nnet.ir.Node> reshaped = new ArrayList<>();
        for (dev.nnet.ir.Node p : cx.inputList(0)) {
            reshaped.add(cx.add(new dev.nnet.ir.op.Reshape(one), p));
        }
        return cx.add(new dev.nnet.ir.op.Concat(axis), reshaped.toArray(new dev.nnet.ir.Node[0]));
    }

    @Override
    public String doc() {
        return "Joins a list of tensors of one shape along a new dimension `dim`: stacking k tensors [N, H] with "
                + "dim=0 gives [k, N, H].";
    }
}
