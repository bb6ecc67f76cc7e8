package dev.nnet.ops.shape;

import dev.nnet.diag.Code;
import dev.nnet.ir.Node;
import dev.nnet.ops.ArgKind;
import dev.nnet.ops.Axes;
import dev.nnet.ops.LowerContext;
import dev.nnet.ops.OpBase;
import dev.nnet.ops.OpContext;
import dev.nnet.ops.OpKind;
import dev.nnet.ops.ParamSpec;
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

/**
 * {@code squeeze(dim)}: removes a dimension of size 1. PyTorch silently returns the input when that dimension is not
 * 1, which hides the mistake until a later shape error; nnet reports it here (E0218). Without {@code dim}, every
 * dimension of constant size 1 goes; a symbolic one such as the batch stays, whatever its value at run time.
 */
public final class Squeeze extends OpBase {
    private static final Signature SIGNATURE = Signature.of(
            ParamSpec.absent("dim", ArgKind.INT, "the size-1 dimension to remove (every size-1 one if omitted)"));

    public Squeeze() {
        super("squeeze", "squeeze", OpKind.STATELESS, SIGNATURE, List.of("input"));
    }

    @Override
    public Value apply(OpContext ctx, Args args, List<Value> inputs) {
        Optional<TensorType> in = Shapes.tensorInput(ctx, inputs, 0);
        if (in.isEmpty()) {
            return Value.UNKNOWN;
        }
        TensorType x = in.get();
        List<Dim> out = new ArrayList<>();
        if (!args.has("dim")) {
            x.dims().stream().filter(d -> !d.equals(Dim.of(1))).forEach(out::add);
            return new Value.Tensor(x.withDims(out), name());
        }
        OptionalInt dim = Axes.normalize(ctx, args, "dim", x, 0);
        if (dim.isEmpty()) {
            return Value.UNKNOWN;
        }
        int d = dim.getAsInt();
        Dim size = x.rank() == 0 ? Dim.of(1) : x.dim(d);
        if (!size.equals(Dim.of(1))) {
            return ctx.fail(Code.E0218, args.spanOf("dim"), "`" + ctx.layerName() + "` cannot remove dimension " + d
                            + " of " + x + ": its size is " + size + ", not 1",
                    r -> {
                        r.spanLabel("dimension " + d + " has size " + size).label(ctx.inputSpan(0),
                                "has shape " + x.shapeText());
                        List<String> ones = new ArrayList<>();
                        for (int i = 0; i < x.rank(); i++) {
                            if (x.dim(i).equals(Dim.of(1))) {
                                ones.add(Integer.toString(i));
                            }
                        }
                        r.note(size.isConstant()
                                ? "PyTorch would return the tensor unchanged, and the mistake would surface later"
                                : "PyTorch would remove it only when " + size + " is 1 at run time, so the shape "
                                        + "would depend on the data");
                        if (ones.size() == 1) {
                            r.fix("squeeze dimension " + ones.get(0) + ", the only one of size 1",
                                    args.spanOf("dim"), ones.get(0));
                        }
                        return r;
                    });
        }
        out.addAll(x.dims());
        if (x.rank() > 0) {
            out.remove(d);
        }
        return new Value.Tensor(x.withDims(out), name());
    }

    /** Only the shape changes: the IR reshape aliases the input's buffer. */
    @Override
    public Node lower(LowerContext cx) {
        return cx.reshapeToOutput();
    }

    @Override
    public String doc() {
        return "Removes the size-1 dimension `dim`: [N, 1, 10].squeeze(1) is [N, 10]; a dimension of another size is "
                + "an error (PyTorch would ignore it). Without `dim`, removes every dimension of constant size 1. No "
                + "parameters.";
    }
}
