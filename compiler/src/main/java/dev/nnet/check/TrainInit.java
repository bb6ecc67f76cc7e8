package dev.nnet.check;

import dev.nnet.ast.Expr;
import dev.nnet.ast.Ident;
import dev.nnet.ast.TrainStmt;
import dev.nnet.diag.Code;
import dev.nnet.ops.ParamTensor;
import dev.nnet.ops.Signature;
import dev.nnet.resolve.Names;
import dev.nnet.types.Dim;
import dev.nnet.types.TensorType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** {@code init fc.weight = normal(std=0.01)} or a literal tensor of exactly the parameter's shape. */
final class TrainInit {
    private final CheckContext cx;
    private final TypedModel model;
    private final Env env;

    TrainInit(CheckContext cx, TypedModel model, Env env) {
        this.cx = cx;
        this.model = model;
        this.env = env;
    }

    /** The initializer as data; only called once {@link #check} accepted it. */
    static TrainSettings.Init setting(CheckContext cx, TrainStmt.Init init, Env env) {
        String path = init.target().stream().map(Ident::name).collect(Collectors.joining("."));
        Expr value = init.value();
        if (value instanceof Expr.ListLit) {
            return new TrainSettings.Init(path, "literal", null, value);
        }
        String name = value instanceof Expr.Call c ? c.callee().name() : value instanceof Expr.Name n ? n.name().name() : "";
        var args = cx.bind(name, TrainBuiltins.INITS.get(name), value instanceof Expr.Call c ? c.args() : List.of(),
                value.span(), env);
        return new TrainSettings.Init(path, name, args, null);
    }

    /** A line for the typed dump, or empty when the initializer does not fit. */
    Optional<String> check(TrainStmt.Init init) {
        String path = init.target().stream().map(Ident::name).collect(Collectors.joining("."));
        List<ParamTensor> params = new ArrayList<>();
        model.instance().layers().values().forEach(l -> params.addAll(l.parameters()));
        Optional<ParamTensor> param = params.stream().filter(p -> p.name().equals(path)).findFirst();
        var targetSpan = init.target().get(0).span().to(init.target().get(init.target().size() - 1).span());
        if (param.isEmpty()) {
            cx.diags.report(Code.E0101, targetSpan, "model `" + model.name() + "` has no parameter `" + path + "`",
                    r -> {
                        Names.closest(path, params.stream().map(ParamTensor::name).toList()).ifPresentOrElse(
                                s -> r.help("did you mean `" + s + "`?"),
                                () -> r.note("parameters: " + params.stream().map(ParamTensor::name).limit(8)
                                        .collect(Collectors.joining(", "))));
                        return r;
                    });
            return Optional.empty();
        }
        Expr value = init.value();
        String head = "init " + path + " " + param.get().shape() + " = ";
        if (value instanceof Expr.ListLit) {
            Optional<TensorType> t = TensorLiterals.type(value, cx.diags);
            return t.isPresent() && literal(init, param.get(), t.get()) ? Optional.of(head + "literal " + t.get())
                    : Optional.empty();
        }
        String name = value instanceof Expr.Call c ? c.callee().name() : value instanceof Expr.Name n ? n.name().name() : "";
        Signature sig = TrainBuiltins.INITS.get(name);
        if (sig == null) {
            cx.diags.report(Code.E0103, value.span(), "unknown initializer `" + name + "`", r -> {
                Names.closest(name, TrainBuiltins.INITS.keySet()).ifPresentOrElse(s -> r.help("did you mean `" + s + "`?"),
                        () -> r.note("initializers: " + String.join(", ", new java.util.TreeSet<>(TrainBuiltins.INITS.keySet()))
                                + ", or a literal tensor"));
                return r;
            });
            return Optional.empty();
        }
        var args = cx.bind(name, sig, value instanceof Expr.Call c ? c.args() : List.of(), value.span(), env);
        return Optional.of(head + name + "(" + args + ")");
    }

    private boolean literal(TrainStmt.Init init, ParamTensor param, TensorType literal) {
        List<Dim> want = param.shape().stream().map(Dim::of).toList();
        if (!literal.dims().equals(want)) {
            String shape = "[" + param.shape().stream().map(String::valueOf).collect(Collectors.joining(", ")) + "]";
            boolean matrix = param.shape().size() == 2;
            cx.diags.report(Code.E0214, init.value().span(), "`" + param.name() + "` has shape " + shape
                    + " but the literal has shape " + literal.shapeText(), r -> {
                        r.spanLabel("shape " + literal.shapeText());
                        return matrix ? r.note("PyTorch layout: a linear weight is [out_features, in_features]") : r;
                    });
            return false;
        }
        return true;
    }
}
