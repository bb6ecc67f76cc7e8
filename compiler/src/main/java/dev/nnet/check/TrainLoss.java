package dev.nnet.check;

import dev.nnet.ast.Expr;
import dev.nnet.ast.Stmt;
import dev.nnet.ast.TrainStmt;
import dev.nnet.diag.Code;
import dev.nnet.diag.Span;
import dev.nnet.ops.Catalogue;
import dev.nnet.ops.Op;
import dev.nnet.ops.OpKind;
import dev.nnet.resolve.Names;
import dev.nnet.types.Args;
import dev.nnet.types.Dim;
import dev.nnet.types.Provenance;
import dev.nnet.types.TensorType;
import dev.nnet.types.Value;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code loss cross_entropy} or {@code loss 0.5 * mse(reduction=sum)}: the loss's shape rule is run on the model
 * output and the training data's target, so a model whose output cannot feed its loss fails here.
 */
final class TrainLoss {
    private final CheckContext cx;
    private final TypedModel model;
    private final Map<String, TrainData.DataSet> data;

    TrainLoss(CheckContext cx, TypedModel model, Map<String, TrainData.DataSet> data) {
        this.cx = cx;
        this.model = model;
        this.data = data;
    }

    /** A line for the typed dump, or empty when the loss could not be checked. */
    private TrainSettings.Loss setting;

    /** The loss as data once {@link #check} accepted it, else null. */
    TrainSettings.Loss setting() {
        return setting;
    }

    Optional<String> check(TrainStmt.Loss l) {
        Expr e = l.value();
        double scale = 1.0;
        if (e instanceof Expr.Binary b && b.op() == Expr.BinOp.MUL && number(b.left()) != null) {
            scale = number(b.left());
            e = b.right();
        }
        String name = e instanceof Expr.Call c ? c.callee().name() : e instanceof Expr.Name n ? n.name().name() : "";
        Op op = Catalogue.lookup(name).filter(o -> o.kind() == OpKind.LOSS).orElse(null);
        if (op == null) {
            List<String> losses = Catalogue.all().stream().filter(o -> o.kind() == OpKind.LOSS).map(Op::name).toList();
            cx.diags.report(Code.E0103, e.span(), "unknown loss `" + name + "`", r -> {
                Names.closest(name, losses).ifPresentOrElse(x -> r.help("did you mean `" + x + "`?"),
                        () -> r.note("losses: " + String.join(", ", losses)));
                return r;
            });
            return Optional.empty();
        }
        List<Expr.Arg> written = e instanceof Expr.Call c ? c.args() : List.of();
        Env env = new Env(cx.scope, model.component(), Map.of());
        Args args = cx.bind(name, op.signature(), written, e.span(), env);
        TrainData.DataSet ds = data.containsKey("train") ? data.get("train")
                : data.values().stream().findFirst().orElse(null);
        String head = "loss " + (scale != 1.0 ? scale + " * " : "") + name + "(" + args + ")";
        if (ds == null || model.output() instanceof Value.Unknown) {
            return Optional.of(head);
        }
        Value output = substitute(model.output(), ds.bindings());
        if (!(output instanceof Value.Tensor out)) {
            cx.diags.report(Code.E0209, e.span(), "model `" + model.name() + "` returns " + Value.describe(output)
                    + ", but `" + name + "` needs one tensor", r -> r.label(returnSpan(), "returned here")
                    .help("return a single tensor, e.g. the logits"));
            return Optional.empty();
        }
        TensorType target = substitute(ds.target(), ds.bindings());
        // Loss problems are reported on the loss, with labels on where the output and the targets come from.
        List<Span> spans = List.of(e.span(), e.span());
        List<String> origins = List.of("model `" + model.name() + "` returns " + out.type(),
                "data `" + ds.name() + "` gives targets " + target);
        Value[] result = {Value.UNKNOWN};
        Expr lossExpr = e;
        cx.diags.within(r -> r.label(returnSpan(), "the model's output: " + out.type())
                        .label(ds.span(), "the targets: " + target),
                () -> result[0] = Apply.op(cx, op, args, null, List.of(out, new Value.Tensor(target, "data")),
                        lossExpr.span(), spans, origins));
        if (!(result[0] instanceof Value.Unknown)) {
            setting = new TrainSettings.Loss(op, args, scale);
        }
        return result[0] instanceof Value.Unknown ? Optional.empty()
                : Optional.of(head + ": input " + out.type() + ", target " + target + " -> "
                        + Value.describe(result[0]));
    }

    private Span returnSpan() {
        var forward = model.component().forward();
        if (forward != null) {
            for (int i = forward.body().size() - 1; i >= 0; i--) {
                if (forward.body().get(i) instanceof Stmt.Return r) {
                    return r.span();
                }
            }
            return forward.span();
        }
        var seq = model.component().sequential();
        return seq != null ? seq.span() : model.component().item().span();
    }

    private static Double number(Expr e) {
        if (e instanceof Expr.FloatLit f) {
            return f.value();
        }
        return e instanceof Expr.IntLit i ? (double) i.value() : null;
    }

    static Value substitute(Value v, Map<String, Dim> bindings) {
        if (v instanceof Value.Tensor t) {
            return Provenance.bound(t, substitute(t.type(), bindings));
        }
        if (v instanceof Value.Seq s) {
            return new Value.Seq(s.items().stream().map(x -> substitute(x, bindings)).toList(), s.tuple());
        }
        return v;
    }

    static TensorType substitute(TensorType t, Map<String, Dim> bindings) {
        return t.withDims(t.dims().stream().map(d -> d.substitute(bindings)).toList());
    }
}
