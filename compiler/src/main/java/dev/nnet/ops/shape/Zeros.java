package dev.nnet.ops.shape;

import dev.nnet.diag.Code;
import dev.nnet.ops.ArgKind;
import dev.nnet.ops.OpBase;
import dev.nnet.ops.OpContext;
import dev.nnet.ops.OpKind;
import dev.nnet.ops.ParamSpec;
import dev.nnet.ops.Signature;
import dev.nnet.types.Args;
import dev.nnet.types.Dim;
import dev.nnet.types.ElemType;
import dev.nnet.types.TensorType;
import dev.nnet.types.Value;
import java.util.ArrayList;
import java.util.List;

/** {@code zeros(size...)} and {@code ones(size...)}: a new float tensor filled with a constant. */
public final class Zeros extends OpBase {
    private static final Signature SIGNATURE = Signature.of(
            ParamSpec.required("size", ArgKind.DIMS, "the shape; sizes may be symbolic, e.g. zeros(2, N, 100)"));

    public Zeros(String name) {
        super(name, name, OpKind.FUNCTION, SIGNATURE, List.of());
    }

    @Override
    public Value apply(OpContext ctx, Args args, List<Value> inputs) {
        if (!(args.get("size") instanceof Value.Seq s)) {
            return args.get("size") instanceof Value.Int i
                    ? new Value.Tensor(new TensorType(ElemType.FLOAT, List.of(i.value())), name())
                    : Value.UNKNOWN;
        }
        List<Value> items = s.items();
        if (items.size() == 1 && items.get(0) instanceof Value.Seq inner) {
            items = inner.items();
        }
        List<Dim> dims = new ArrayList<>();
        for (Value item : items) {
            if (!(item instanceof Value.Int i)) {
                return Value.UNKNOWN;
            }
            if (i.value().isConstant() && i.value().constantTerm() < 0) {
                return ctx.fail(Code.E0112, args.spanOf("size"),
                        "`" + name() + "` sizes must be zero or more, found " + i.value(),
                        r -> r.spanLabel("negative size"));
            }
            dims.add(i.value());
        }
        return new Value.Tensor(new TensorType(ElemType.FLOAT, dims), name());
    }

    @Override
    public dev.nnet.ir.Node lower(dev.nnet.ops.LowerContext cx) {
        return cx.add(new dev.nnet.ir.op.Fill(name().equals("ones") ? 1f : 0f, cx.output()));
    }

    @Override
    public String doc() {
        return "A new float tensor of the given shape filled with " + (name().equals("ones") ? "ones" : "zeros")
                + "; sizes may be symbolic, e.g. an initial hidden state " + name() + "(2, N, 100).";
    }
}
