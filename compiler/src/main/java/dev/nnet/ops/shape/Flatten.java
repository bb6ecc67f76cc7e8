package dev.nnet.ops.shape;

import static dev.nnet.ops.ParamSpec.optional;

import dev.nnet.diag.Code;
import dev.nnet.ops.Axes;
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
import dev.nnet.ir.Node;
import dev.nnet.ops.LowerContext;

/** {@code flatten(start_dim=1, end_dim=-1)}: merges a run of dimensions into one. */
public final class Flatten extends OpBase {
    private static final Signature SIGNATURE = Signature.of(
            optional("start_dim", 1, "first dimension to merge (the batch dimension 0 is kept by default)"),
            optional("end_dim", -1, "last dimension to merge (negative counts from the end)"));

    public Flatten() {
        super("flatten", "Flatten", OpKind.STATELESS, SIGNATURE, List.of("input"));
    }

    @Override
    public Value apply(OpContext ctx, Args args, List<Value> inputs) {
        Optional<TensorType> in = Shapes.tensorInput(ctx, inputs, 0);
        if (in.isEmpty()) {
            return Value.UNKNOWN;
        }
        TensorType x = in.get();
        OptionalInt start = Axes.normalize(ctx, args, "start_dim", x, 0);
        OptionalInt end = Axes.normalize(ctx, args, "end_dim", x, 0);
        if (start.isEmpty() || end.isEmpty()) {
            return Value.UNKNOWN;
        }
        if (x.rank() == 0) {
            return new Value.Tensor(x.withDims(List.of(Dim.of(1))), name());
        }
        int s = start.getAsInt();
        int e = end.getAsInt();
        if (s > e) {
            return ctx.fail(Code.E0211, args.spanOf("start_dim"),
                    "`start_dim` of `" + ctx.layerName() + "` comes after `end_dim` for tensor " + x,
                    r -> r.spanLabel("start_dim is dimension " + s + ", end_dim is dimension " + e)
                            .help("flatten from an earlier dimension, or leave `end_dim` at -1"));
        }
        List<Dim> out = new ArrayList<>(x.dims().subList(0, s));
        out.add(Shapes.product(x.dims(), s, e + 1));
        out.addAll(x.dims().subList(e + 1, x.rank()));
        return new Value.Tensor(x.withDims(out), name());
    }

    /** Only the shape changes: the IR reshape aliases the input's buffer. */
    @Override
    public Node lower(LowerContext cx) {
        return cx.reshapeToOutput();
    }

    @Override
    public String doc() {
        return "Merges dimensions start_dim..end_dim into one whose size is their product: "
                + "[N, 16, 5, 5] → [N, 400] with the defaults, which keep the batch dimension. No parameters.";
    }
}
