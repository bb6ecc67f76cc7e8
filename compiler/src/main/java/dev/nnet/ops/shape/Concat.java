package dev.nnet.ops.shape;

import static dev.nnet.ops.ParamSpec.optional;

import dev.nnet.diag.Code;
import dev.nnet.ops.Axes;
import dev.nnet.ops.Blame;
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
import dev.nnet.ir.Node;
import dev.nnet.ops.LowerContext;

/** {@code concat(tensors, dim=0)}, also spelled {@code cat}: joins tensors along an existing dimension. */
public final class Concat extends OpBase {
    private static final Signature SIGNATURE = Signature.of(
            optional("dim", 0, "the dimension to join along (negative counts from the end)"));

    public Concat(String name) {
        super(name, "cat", OpKind.FUNCTION, SIGNATURE, List.of("tensors"));
    }

    @Override
    public Value apply(OpContext ctx, Args args, List<Value> inputs) {
        Optional<List<TensorType>> list = tensorList(ctx, inputs, name());
        if (list.isEmpty()) {
            return Value.UNKNOWN;
        }
        List<TensorType> ts = list.get();
        TensorType first = ts.get(0);
        if (first.rank() == 0) {
            return ctx.fail(Code.E0210, ctx.inputSpan(0),
                    "`" + name() + "` cannot join rank-0 tensors along a dimension",
                    r -> r.spanLabel("tensor 0 is a scalar []").help("use `stack` to join scalars into a vector"));
        }
        OptionalInt axis = Axes.normalize(ctx, args, "dim", first, 0);
        if (axis.isEmpty()) {
            return Value.UNKNOWN;
        }
        int d = axis.getAsInt();
        Dim total = Dim.of(0);
        for (int i = 0; i < ts.size(); i++) {
            TensorType t = ts.get(i);
            int index = i;
            if (t.elem() != first.elem()) {
                return ctx.fail(Code.E0204, ctx.inputSpan(0),
                        "`" + name() + "` joins tensors of one element type: tensor 0 is " + first + ", tensor " + i
                                + " is " + t,
                        r -> r.spanLabel("tensor " + index + " has element type " + t.elem().keyword()));
            }
            if (t.rank() != first.rank()) {
                return ctx.fail(Code.E0204, ctx.inputSpan(0),
                        "`" + name() + "` joins tensors of equal rank: tensor 0 is " + first + ", tensor " + i
                                + " is " + t,
                        r -> r.spanLabel("tensor " + index + " has rank " + t.rank() + ", tensor 0 has rank "
                                + first.rank()));
            }
            for (int k = 0; k < t.rank(); k++) {
                if (k != d && !t.dim(k).equals(first.dim(k))) {
                    int bad = k;
                    Value item = ((Value.Seq) inputs.get(0)).items().get(i);
                    return ctx.fail(Code.E0204, ctx.inputSpan(0),
                            "`" + name() + "` along dimension " + d + " needs equal sizes elsewhere: tensor 0 is "
                                    + first + ", tensor " + i + " is " + t,
                            r -> {
                                symbolNote(r.spanLabel("tensor " + index + " differs in dimension " + bad + ": "
                                        + t.dim(bad) + " vs " + first.dim(bad)), first.dim(bad), t.dim(bad))
                                        .help("only dimension " + d + " may differ; resize or reshape the inputs "
                                                + "first");
                                // Blame the tensor a window shrank, which need not be tensor i: tensor 0 may be.
                                Value zeroth = ((Value.Seq) inputs.get(0)).items().get(0);
                                if (!Blame.shrinkingWindow(r, item, bad, first.dim(bad))
                                        && Blame.shrinkingWindow(r, zeroth, bad, t.dim(bad))) {
                                    return Blame.madeHere(r, zeroth);
                                }
                                return Blame.madeHere(r, item);
                            });
                }
            }
            total = total.plus(t.dim(d));
        }
        return new Value.Tensor(first.withDim(d, total), name());
    }

    /** The tensors of a list input, or empty after reporting (E0204) or when one is poisoned. */
    static Optional<List<TensorType>> tensorList(OpContext ctx, List<Value> inputs, String op) {
        if (inputs.isEmpty() || inputs.get(0) instanceof Value.Unknown) {
            return Optional.empty();
        }
        Value v = inputs.get(0);
        if (!(v instanceof Value.Seq s)) {
            ctx.report(Code.E0106, ctx.inputSpan(0), "`" + op + "` takes a list of tensors, found " + Value.describe(v),
                    r -> r.spanLabel("not a list").help("write the tensors in brackets: `" + op + "([a, b], dim=1)`"));
            return Optional.empty();
        }
        List<Value> items = s.items();
        if (items.isEmpty()) {
            ctx.report(Code.E0204, ctx.inputSpan(0), "`" + op + "` needs at least one tensor",
                    r -> r.spanLabel("empty list"));
            return Optional.empty();
        }
        List<TensorType> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            Value item = items.get(i);
            if (item instanceof Value.Unknown) {
                return Optional.empty();
            }
            if (!(item instanceof Value.Tensor t)) {
                int index = i;
                ctx.report(Code.E0204, ctx.inputSpan(0),
                        "`" + op + "` joins tensors, but item " + i + " is " + Value.describe(item),
                        r -> r.spanLabel("item " + index + " is not a tensor"));
                return Optional.empty();
            }
            out.add(t.type());
        }
        return Optional.of(out);
    }

    static dev.nnet.diag.Report symbolNote(dev.nnet.diag.Report r, Dim a, Dim b) {
        if (!a.isConstant() || !b.isConstant()) {
            r.note("the sizes " + a + " and " + b + " are not equal for every value of their symbols");
        }
        return r;
    }

    @Override
    public Node lower(LowerContext cx) {
        long dim = cx.args().integer("dim", 0);
        int axis = (int) (dim < 0 ? dim + cx.output().rank() : dim);
        return cx.add(new dev.nnet.ir.op.Concat(axis), cx.inputList(0).toArray(new Node[0]));
    }

    @Override
    public String doc() {
        return "Joins a list of tensors along an existing dimension `dim`; all other sizes and the element type "
                + "must match: concat([a, b], dim=1) of [N, 16, H, W] and [N, 24, H, W] is [N, 40, H, W].";
    }
}
