package dev.nnet.check;

import dev.nnet.ast.TrainStmt;
import dev.nnet.diag.Code;
import dev.nnet.diag.Span;
import dev.nnet.types.Dim;
import dev.nnet.types.TensorType;
import dev.nnet.types.Value;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code labels "e", "h", "l", "o"}: a name for each class the model scores, in index order, for {@code nnet predict}
 * and for data sets that name their classes ({@code names(...)}). A classifier needs one label per output (two for
 * a single-output binary loss), distinct and non-empty (E0221).
 */
final class TrainLabels {
    private TrainLabels() {
    }

    /** The labels, or empty after reporting why they do not fit. */
    static Optional<List<String>> check(CheckContext cx, TypedModel model, TrainStmt.Labels labels, String loss,
                                        Span lossSpan, Map<String, TrainData.DataSet> data) {
        List<String> values = labels.values().stream().map(TrainStmt.StringPath::value).toList();
        Map<String, Span> seen = new HashMap<>();
        for (TrainStmt.StringPath v : labels.values()) {
            if (v.value().isEmpty()) {
                cx.diags.report(Code.E0221, v.span(), "a label is empty",
                        r -> r.help("name the class, e.g. \"class " + labels.values().indexOf(v) + "\""));
                return Optional.empty();
            }
            Span first = seen.putIfAbsent(v.value(), v.span());
            if (first != null) {
                cx.diags.report(Code.E0221, v.span(), "label \"" + v.value() + "\" is given twice",
                        r -> r.label(first, "first given here").help("give each class its own label"));
                return Optional.empty();
            }
        }
        for (TrainData.DataSet ds : data.values()) {
            if (ds.source().equals("names") && ds.args() != null && ds.args().get("path") instanceof Value.Str path) {
                Optional<String> missing = NameClasses.of(cx.sourceDir, path.value(),
                        (int) ds.args().integer("vocabulary", 128)).flatMap(cs -> cs.stream()
                        .filter(c -> !values.contains(c)).findFirst());
                if (missing.isPresent()) {
                    cx.diags.report(Code.E0221, labels.span(), "data `" + ds.name() + "` has class \""
                                    + missing.get() + "\", which the labels lack",
                            r -> r.label(ds.span(), "\"" + path.value() + "\" names its classes")
                                    .help("add \"" + missing.get() + "\" to the labels, in class-index order"));
                    return Optional.empty();
                }
            }
        }
        if (loss == null || !(model.output() instanceof Value.Tensor out) || out.type().rank() == 0) {
            return Optional.of(values);
        }
        boolean classes = loss.equals("cross_entropy") || loss.equals("nll");
        if (!classes && !loss.startsWith("bce")) {
            cx.diags.report(Code.E0221, labels.span(), "labels name classes, but `" + loss + "` trains a regression",
                    r -> r.label(lossSpan, "`" + loss + "` has no classes")
                            .help("remove the labels, or train a classifier (`cross_entropy`, `bce_with_logits`)"));
            return Optional.empty();
        }
        TensorType type = out.type();
        Dim last = type.dim(type.rank() - 1);
        if (!last.isConstant()) {
            return Optional.of(values);
        }
        long outputs = last.constantTerm();
        long wanted = classes ? outputs : outputs == 1 ? 2 : outputs;
        if (values.size() != wanted) {
            String why = classes ? "model `" + model.name() + "` scores " + outputs + " classes (output " + type + ")"
                    : "`" + loss + "` on " + outputs + " output" + (outputs == 1 ? "" : "s") + " has " + wanted
                    + " classes";
            cx.diags.report(Code.E0221, labels.span(), values.size() + " label" + (values.size() == 1 ? "" : "s")
                            + " for " + wanted + " classes: " + why,
                    r -> r.spanLabel(values.size() + " label" + (values.size() == 1 ? "" : "s"))
                            .label(lossSpan, "`" + loss + "` reads " + (classes ? "one score per class"
                                    : "class 1's probability; class 0 is the other"))
                            .help("give one label per class, in class-index order (" + wanted + " in all)"));
            return Optional.empty();
        }
        return Optional.of(values);
    }
}
