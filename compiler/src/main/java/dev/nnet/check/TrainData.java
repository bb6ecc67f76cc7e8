package dev.nnet.check;

import dev.nnet.ast.Expr;
import dev.nnet.ast.TrainStmt;
import dev.nnet.diag.Code;
import dev.nnet.diag.Span;
import dev.nnet.ops.Signature;
import dev.nnet.resolve.Names;
import dev.nnet.types.Args;
import dev.nnet.types.Dim;
import dev.nnet.types.ElemType;
import dev.nnet.types.TensorType;
import dev.nnet.types.Value;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Works out what a {@code data} source yields — one tensor per model input, then the target — and checks it
 * against the model's inputs, binding the model's symbols ({@code N}, {@code T}) to the data's sizes.
 */
final class TrainData {
    /** A checked data set: its batch types, with the model's symbols bound where the data fixes them. */
    /** A checked data set; {@code args} are the bound arguments of its source (null for inline tensors). */
    record DataSet(String name, String source, List<TensorType> inputs, TensorType target, Map<String, Dim> bindings,
                   Span span, Expr expr, Args args) {
    }

    private final CheckContext cx;
    private final TypedModel model;
    private final Env env;

    TrainData(CheckContext cx, TypedModel model, Env env) {
        this.cx = cx;
        this.model = model;
        this.env = env;
    }

    Optional<DataSet> check(TrainStmt.Data d) {
        if (d.source() instanceof Expr.Call c && c.callee().name().equals("tensors")) {
            return tensors(d, c);
        }
        String name = d.source() instanceof Expr.Call c ? c.callee().name()
                : d.source() instanceof Expr.Name n ? n.name().name() : null;
        if (name == null) {
            cx.diags.report(Code.E0106, d.source().span(), "a data set is a call such as `mnist(\"train\")`, "
                    + "`csv(\"file.csv\")` or `tensors(x=[...], target=[...])`");
            return Optional.empty();
        }
        Signature sig = TrainBuiltins.DATA.get(name);
        if (sig == null) {
            Span at = d.source() instanceof Expr.Call c ? c.callee().span() : d.source().span();
            List<String> known = new ArrayList<>(TrainBuiltins.DATA.keySet());
            known.add("tensors");
            cx.diags.report(Code.E0103, at, "unknown data source `" + name + "`", r -> {
                Names.closest(name, known).ifPresentOrElse(s -> r.help("did you mean `" + s + "`?"),
                        () -> r.note("data sources: " + String.join(", ", known)));
                return r;
            });
            return Optional.empty();
        }
        List<Expr.Arg> written = d.source() instanceof Expr.Call c ? c.args() : List.of();
        Args args = cx.bind(name, sig, written, d.source().span(), env);
        transforms(args, written);
        List<TensorType> samples = new ArrayList<>();
        TensorType target;
        switch (name) {
            case "mnist":
            case "fashion_mnist":
                long side = 28 + 2 * padding(args);
                samples.add(TensorType.floats(Dim.of(1), Dim.of(side), Dim.of(side)));
                target = new TensorType(ElemType.INT, List.of());
                break;
            case "cifar10":
                long edge = 32 + 2 * padding(args);
                samples.add(TensorType.floats(Dim.of(3), Dim.of(edge), Dim.of(edge)));
                target = new TensorType(ElemType.INT, List.of());
                break;
            case "csv":
                List<Dim> features = args.integer("features").map(f -> List.of(Dim.of(f)))
                        .orElseGet(() -> firstInputSample());
                if (!args.has("features") && !csvFits(d, args, features)) {
                    return Optional.empty();
                }
                samples.add(new TensorType(ElemType.FLOAT, features));
                target = args.word("target", "float").equals("int") ? new TensorType(ElemType.INT, List.of())
                        : TensorType.floats(Dim.of(1));
                break;
            case "planar_flower":
                samples.add(TensorType.floats(Dim.of(2)));
                target = TensorType.floats(Dim.of(1));
                break;
            default: // names: ASCII codes padded to the file's longest name (L when it is not there yet), lengths
                Dim longest = args.get("path") instanceof Value.Str path
                        ? CsvColumns.longestName(cx.sourceDir, path.value()).map(l -> Dim.of(l)).orElse(Dim.sym("L"))
                        : Dim.sym("L");
                samples.add(new TensorType(ElemType.INT, List.of(longest)));
                samples.add(new TensorType(ElemType.INT, List.of()));
                target = new TensorType(ElemType.INT, List.of());
        }
        Dim batch = batchDim();
        List<TensorType> batched = samples.stream().map(t -> prefixed(batch, t)).toList();
        return unify(d, name, batched, prefixed(batch, target), args);
    }

    /**
     * When the CSV is there at check time, its first row says how many feature columns it has (all but the label);
     * a model input of another width is reported here (E0213) rather than as a failure when training starts.
     */
    private boolean csvFits(TrainStmt.Data d, Args args, List<Dim> wanted) {
        if (!(args.get("path") instanceof Value.Str path) || wanted.size() != 1 || !wanted.get(0).isConstant()) {
            return true;
        }
        Optional<Integer> columns = CsvColumns.count(cx.sourceDir, path.value());
        if (columns.isEmpty() || columns.get() - 1 == wanted.get(0).constantTerm()) {
            return true;
        }
        int features = columns.get() - 1;
        String input = model.inputs().keySet().iterator().next();
        cx.diags.report(Code.E0213, args.spanOf("path"), "\"" + path.value() + "\" has " + features + " feature column"
                        + (features == 1 ? "" : "s") + ", but model `" + model.name() + "` takes " + wanted.get(0),
                r -> r.spanLabel(columns.get() + " columns: " + features + " features and the label")
                        .label(model.component().inputs().get(input).span(), "declared here with "
                                + wanted.get(0) + " feature" + (wanted.get(0).equals(Dim.of(1)) ? "" : "s"))
                        .help("declare `" + input + "` with " + features + " features, or pick the columns with "
                                + "`features=`"));
        return false;
    }

    private List<Dim> firstInputSample() {
        return model.inputs().values().stream().findFirst().map(t -> t.dims().subList(Math.min(1, t.rank()),
                t.rank())).orElse(List.of());
    }

    private Dim batchDim() {
        return model.inputs().values().stream().findFirst().filter(t -> t.rank() > 0).map(t -> t.dim(0))
                .orElse(Dim.sym("N"));
    }

    private static TensorType prefixed(Dim batch, TensorType t) {
        List<Dim> dims = new ArrayList<>();
        dims.add(batch);
        dims.addAll(t.dims());
        return t.withDims(dims);
    }

    private long padding(Args args) {
        long pad = 0;
        if (args.get("transforms") instanceof Value.Seq s) {
            for (Value v : s.items()) {
                if (v instanceof Value.Config c && c.name().equals("pad")) {
                    pad += c.args().integer("padding", 0);
                }
            }
        }
        return pad;
    }

    /** Binds each transform call against its signature, replacing the raw configs in {@code args}. */
    private void transforms(Args args, List<Expr.Arg> written) {
        if (!(args.get("transforms") instanceof Value.Seq)) {
            return;
        }
        List<Value> bound = new ArrayList<>();
        for (Expr.Arg a : written) {
            if (a.value() instanceof Expr.Call c && a.name() == null && TrainBuiltins.DATA.get(c.callee().name()) == null) {
                Signature sig = TrainBuiltins.TRANSFORM.get(c.callee().name());
                if (sig == null) {
                    cx.diags.report(Code.E0103, c.callee().span(), "unknown transform `" + c.callee().name() + "`",
                            r -> {
                                Names.closest(c.callee().name(), TrainBuiltins.TRANSFORM.keySet())
                                        .ifPresentOrElse(s -> r.help("did you mean `" + s + "`?"),
                                                () -> r.note("transforms: normalize, pad, scale"));
                                return r;
                            });
                    continue;
                }
                bound.add(new Value.Config(c.callee().name(), cx.bind(c.callee().name(), sig, c.args(), c.span(), env)));
            }
        }
        args.infer("transforms", new Value.Seq(bound, false));
    }

    /** {@code tensors(x=[[1.0], [2.0]], target=[[2.0], [4.0]])}: one keyword per model input, plus target. */
    private Optional<DataSet> tensors(TrainStmt.Data d, Expr.Call c) {
        Map<String, TensorType> given = new LinkedHashMap<>();
        boolean ok = true;
        for (Expr.Arg a : c.args()) {
            if (a.name() == null) {
                cx.diags.report(Code.E0105, a.span(), "`tensors` takes keyword arguments named after the model "
                        + "inputs and `target`", r -> r.help("write e.g. `tensors(x=[[1.0]], target=[[2.0]])`"));
                ok = false;
                continue;
            }
            String key = a.name().name();
            if (!key.equals("target") && !model.inputs().containsKey(key)) {
                List<String> names = new ArrayList<>(model.inputs().keySet());
                names.add("target");
                cx.diags.report(Code.E0104, a.name().span(), "model `" + model.name() + "` has no input `" + key + "`",
                        r -> {
                            Names.closest(key, names).ifPresentOrElse(s -> r.help("did you mean `" + s + "`?"),
                                    () -> r.note("expected: " + String.join(", ", names)));
                            return r;
                        });
                ok = false;
                continue;
            }
            Optional<TensorType> t = TensorLiterals.type(a.value(), cx.diags);
            if (t.isEmpty()) {
                ok = false;
            } else {
                given.put(key, t.get());
            }
        }
        List<TensorType> inputs = new ArrayList<>();
        for (String in : model.inputs().keySet()) {
            if (!given.containsKey(in) && ok) {
                cx.diags.report(Code.E0105, c.span(), "`tensors` is missing model input `" + in + "`");
                return Optional.empty();
            }
            inputs.add(given.get(in));
        }
        if (!given.containsKey("target") && ok) {
            cx.diags.report(Code.E0105, c.span(), "`tensors` is missing `target`",
                    r -> r.help("add the expected outputs, e.g. `target=[[2.0], [4.0]]`"));
            return Optional.empty();
        }
        return ok ? unify(d, "tensors", inputs, given.get("target")) : Optional.empty();
    }

    /** Matches data types to the model's input types; a model symbol binds to the data's size at first sight. */
    private Optional<DataSet> unify(TrainStmt.Data d, String source, List<TensorType> data, TensorType target) {
        return unify(d, source, data, target, null);
    }

    private Optional<DataSet> unify(TrainStmt.Data d, String source, List<TensorType> data, TensorType target,
                                    Args boundArgs) {
        Map<String, Dim> bindings = new LinkedHashMap<>();
        List<String> names = new ArrayList<>(model.inputs().keySet());
        if (data.size() != names.size()) {
            cx.diags.report(Code.E0213, d.source().span(), "`" + source + "` yields " + data.size() + " input"
                    + (data.size() == 1 ? "" : "s") + " but model `" + model.name() + "` takes " + names.size());
            return Optional.empty();
        }
        for (int i = 0; i < names.size(); i++) {
            TensorType want = model.inputs().get(names.get(i));
            TensorType have = data.get(i);
            if (!fits(want, have, bindings)) {
                String input = names.get(i);
                cx.diags.report(Code.E0213, d.source().span(), "data `" + d.name().name() + "` gives " + have
                        + " for input `" + input + "`, but model `" + model.name() + "` declares " + want,
                        r -> r.spanLabel(source + " yields " + have)
                                .label(model.component().inputs().get(input).span(), "declared here")
                                .help(want.elem() != have.elem() ? "the element types differ (int vs float)"
                                        : "change the input declaration or the data's transforms"));
                return Optional.empty();
            }
        }
        return Optional.of(new DataSet(d.name().name(), source, data, target, bindings, d.span(), d.source(),
                boundArgs));
    }

    private static boolean fits(TensorType want, TensorType have, Map<String, Dim> bindings) {
        if (want.elem() != have.elem() || want.rank() != have.rank()) {
            return false;
        }
        for (int i = 0; i < want.rank(); i++) {
            Dim w = want.dim(i).substitute(bindings);
            Dim h = have.dim(i);
            if (w.isSymbol() && !w.equals(h)) {
                bindings.put(w.toString(), h);
            } else if (!w.equals(h) && !h.isSymbol()) {
                return false;
            }
        }
        return true;
    }
}
