package dev.nnet.check;

import dev.nnet.ast.Expr;
import dev.nnet.diag.Code;
import dev.nnet.types.Provenance;
import dev.nnet.types.TensorType;
import dev.nnet.types.Value;
import java.util.Map;
import java.util.Optional;

/**
 * Cross-checks sizes a program states against what its data sets fix at compile time: an embedding must hold every
 * index the data can give it (E0216), and a classifier needs an output for every class its targets name (E0217).
 * Both blame the declaration and carry the size that fixes it.
 */
final class TrainFacts {
    /** A size the data fixes, and how to say where it comes from. */
    record Fact(long size, String why) {
    }

    private final CheckContext cx;
    private final TypedModel model;
    private final Map<String, TrainData.DataSet> data;

    TrainFacts(CheckContext cx, TypedModel model, Map<String, TrainData.DataSet> data) {
        this.cx = cx;
        this.model = model;
        this.data = data;
    }

    /** Every embedding that reads a model input straight from the data, against that data's vocabulary. */
    void vocabularies() {
        for (Trace.Step step : model.trace().steps()) {
            if (!(step instanceof Trace.Apply a) || !a.op().name().equals("embedding") || a.inputs().isEmpty()) {
                continue;
            }
            int input = model.trace().inputs().indexOf(root(a.inputs().get(0)));
            long rows = a.args().integer("num_embeddings", Long.MAX_VALUE);
            if (input < 0 || !a.args().written("num_embeddings")) {
                continue;
            }
            for (TrainData.DataSet ds : data.values()) {
                Optional<Fact> vocab = vocabulary(ds, input);
                if (vocab.isPresent() && vocab.get().size() > rows) {
                    Fact f = vocab.get();
                    cx.diags.report(Code.E0216, a.args().spanOf("num_embeddings"), "embedding `" + label(a)
                                    + "` has " + rows + " rows, but data `" + ds.name() + "` gives indices up to "
                                    + (f.size() - 1),
                            r -> r.spanLabel("indices 0 to " + (rows - 1))
                                    .label(ds.span(), f.why())
                                    .note("a larger index reads past the table: PyTorch fails at run time with "
                                            + "\"index out of range in self\"")
                                    .fix("make room for every index: set `num_embeddings` to " + f.size() + " on line "
                                            + a.args().spanOf("num_embeddings").line(),
                                            a.args().spanOf("num_embeddings"), Long.toString(f.size())));
                    break;
                }
            }
        }
    }

    /** A classification loss on [N, C] logits: C must cover every class of the training targets. */
    void classes(String loss, dev.nnet.diag.Span lossSpan) {
        if (!(loss.equals("cross_entropy") || loss.equals("nll")) || !(model.output() instanceof Value.Tensor out)
                || out.type().rank() < 2 || !out.type().dim(1).isConstant()) {
            return;
        }
        long outputs = out.type().dim(1).constantTerm();
        TrainData.DataSet ds = data.containsKey("train") ? data.get("train") : data.values().stream().findFirst()
                .orElse(null);
        Optional<Fact> classes = ds == null ? Optional.empty() : classes(ds);
        if (classes.isEmpty() || classes.get().size() <= outputs) {
            return;
        }
        Fact f = classes.get();
        Provenance classifier = classifier(out);
        boolean blameLayer = classifier != null && classifier.args().written("out_features");
        var at = blameLayer ? classifier.args().spanOf("out_features") : lossSpan;
        cx.diags.report(Code.E0217, at, "model `" + model.name() + "` scores " + outputs + " classes, but data `"
                        + ds.name() + "` has " + f.size(),
                r -> {
                    r.spanLabel(blameLayer ? outputs + " outputs" : "logits " + out.type())
                            .label(ds.span(), f.why())
                            .note("targets of " + outputs + " or more have no logit: PyTorch fails at run time "
                                    + "with \"Target " + outputs + " is out of bounds\"");
                    if (blameLayer) {
                        r.label(lossSpan, "`" + loss + "` reads one score per class");
                        r.fix("score every class: set `out_features` to " + f.size() + " on line " + at.line(), at,
                                Long.toString(f.size()));
                    }
                    return r;
                });
    }

    /** The linear layer that made the logits, through steps that keep the shape (softmax, dropout). */
    private static Provenance classifier(Value.Tensor out) {
        Value at = out;
        for (int steps = 0; steps < 64 && at instanceof Value.Tensor t && t.origin() != null; steps++) {
            Provenance p = t.origin();
            if (p.op().equals("linear")) {
                return p;
            }
            TensorType in = p.inputType(0);
            if (in == null || !in.dims().equals(t.type().dims())) {
                return null;
            }
            at = p.inputs().get(0);
        }
        return null;
    }

    /** The model input a value was computed from by a chain of first inputs, or the value itself. */
    private static Value root(Value v) {
        Value at = v;
        for (int steps = 0; steps < 64 && at instanceof Value.Tensor t && t.origin() != null; steps++) {
            Provenance p = t.origin();
            if (p.inputs().isEmpty()) {
                return at;
            }
            at = p.inputs().get(0);
        }
        return at;
    }

    private static String label(Trace.Apply a) {
        return a.layerPath() == null ? "embedding" : a.layerPath();
    }

    /** The indices data set {@code ds} gives model input {@code input}: names' characters, or a literal's largest. */
    private Optional<Fact> vocabulary(TrainData.DataSet ds, int input) {
        if (ds.source().equals("names") && input == 0 && ds.args() != null) {
            long v = ds.args().integer("vocabulary", 128);
            return Optional.of(new Fact(v, "`names` gives character codes 0 to " + (v - 1)));
        }
        if (ds.source().equals("tensors") && input < ds.inputs().size() && ds.inputs().get(input) != null) {
            String name = model.inputs().keySet().stream().skip(input).findFirst().orElse("");
            return largestInt(ds, name).map(max -> new Fact(max + 1, "the data's `" + name + "` holds index " + max));
        }
        return Optional.empty();
    }

    private Optional<Fact> classes(TrainData.DataSet ds) {
        switch (ds.source()) {
            case "mnist":
                return Optional.of(new Fact(10, "`mnist` has 10 classes, the digits 0 to 9"));
            case "fashion_mnist":
                return Optional.of(new Fact(10, "`fashion_mnist` has 10 classes of clothing"));
            case "cifar10":
                return Optional.of(new Fact(10, "`cifar10` has 10 classes (airplane, automobile, ..., truck)"));
            case "tensors":
                return largestInt(ds, "target").map(max -> new Fact(max + 1, "the targets name class " + max));
            case "names":
                if (ds.args() != null && ds.args().get("path") instanceof Value.Str path) {
                    return NameClasses.of(cx.sourceDir, path.value(), (int) ds.args().integer("vocabulary", 128))
                            .map(cs -> new Fact(cs.size(), "\"" + path.value() + "\" names " + cs.size()
                                    + " classes"));
                }
                return Optional.empty();
            default:
                return Optional.empty();
        }
    }

    /** The largest integer literal in the {@code tensors(...)} argument {@code key}, if it is an int tensor. */
    private static Optional<Long> largestInt(TrainData.DataSet ds, String key) {
        if (!(ds.expr() instanceof Expr.Call c)) {
            return Optional.empty();
        }
        for (Expr.Arg a : c.args()) {
            if (a.name() != null && a.name().name().equals(key)) {
                return largest(a.value());
            }
        }
        return Optional.empty();
    }

    /** Iterative, so a long literal cannot overflow the stack; a float anywhere makes it not an index tensor. */
    private static Optional<Long> largest(Expr e) {
        java.util.ArrayDeque<Expr> todo = new java.util.ArrayDeque<>();
        todo.push(e);
        Long max = null;
        while (!todo.isEmpty()) {
            Expr x = todo.pop();
            if (x instanceof Expr.ListLit l) {
                l.elements().forEach(todo::push);
            } else if (x instanceof Expr.IntLit i) {
                max = max == null ? i.value() : Math.max(max, i.value());
            } else {
                return Optional.empty();
            }
        }
        return Optional.ofNullable(max);
    }
}
