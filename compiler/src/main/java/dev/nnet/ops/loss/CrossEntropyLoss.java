package dev.nnet.ops.loss;

import dev.nnet.diag.Code;
import dev.nnet.ops.OpContext;
import dev.nnet.types.Dim;
import dev.nnet.types.ElemType;
import dev.nnet.types.TensorType;
import java.util.List;

/** {@code cross_entropy(reduction=mean)}: log_softmax and negative log-likelihood over class logits. */
public class CrossEntropyLoss extends Loss {
    public CrossEntropyLoss() {
        this("cross_entropy", "CrossEntropyLoss");
    }

    /** For a variant that shares this rule under its own names: {@code nll}. */
    public CrossEntropyLoss(String name, String displayName) {
        super(name, displayName);
    }

    @Override
    List<String> warnAfter() {
        return List.of("softmax", "log_softmax");
    }

    /** Whether a float target of the input's shape (class probabilities) is accepted. */
    boolean acceptsProbabilities() {
        return true;
    }

    @Override
    void warn(OpContext ctx, String producer) {
        ctx.report(Code.W0303, ctx.inputSpan(0),
                "cross_entropy applies log_softmax itself; the model already applies " + producer,
                r -> origin(ctx, r.spanLabel("output of `" + producer + "`"))
                        .note("normalising twice flattens the gradients and slows training")
                        .help("return the logits: remove the final `" + producer + "` from the model"));
    }

    @Override
    String inputProblem(TensorType input) {
        return input.rank() < 1 ? "it needs class scores [N, C] or [C], found a scalar" : null;
    }

    @Override
    TensorType checkTarget(OpContext ctx, TensorType input, TensorType target) {
        List<Dim> indices = withoutClassDim(input);
        TensorType expected = new TensorType(ElemType.INT, indices);
        if (target.elem() == ElemType.INT) {
            if (target.dims().equals(indices)) {
                return expected;
            }
            return badTargetShape(ctx, input, expected.toString(), target, r -> hints(input, target, indices, r));
        }
        if (acceptsProbabilities() && target.dims().equals(input.dims())) {
            return expected;
        }
        if (target.dims().equals(indices) || !acceptsProbabilities() && target.dims().equals(input.dims())) {
            ctx.report(Code.E0206, ctx.inputSpan(1),
                    "`" + name() + "` needs integer class indices as target, found float tensor " + target,
                    r -> {
                        r.spanLabel("float tensor " + target);
                        if (acceptsProbabilities()) {
                            r.note("a float target must hold class probabilities of the input's shape "
                                    + input.shapeText());
                        } else if (target.dims().equals(input.dims())) {
                            r.note("`nll` does not take class probabilities; `cross_entropy` on logits does");
                        }
                        return r.help("declare the labels as " + expected);
                    });
            return null;
        }
        return badTargetShape(ctx, input, expected.toString(), target, r -> {
            if (acceptsProbabilities()) {
                r.note("a float target may instead hold class probabilities of the input's shape "
                        + input.shapeText());
            }
            return hints(input, target, indices, r);
        });
    }

    private static dev.nnet.diag.Report hints(TensorType input, TensorType target, List<Dim> indices,
                                              dev.nnet.diag.Report r) {
        symbolNotes(r, indices, target.dims());
        if (target.rank() == indices.size() + 1 && target.dim(-1).equals(Dim.of(1))
                && target.dims().subList(0, indices.size()).equals(indices)) {
            r.help("drop the trailing 1: one class index per sample, e.g. labels of shape "
                    + new TensorType(ElemType.INT, indices));
        }
        return r;
    }

    @Override
    public String doc() {
        return "Cross-entropy between class logits [N, C] (or [C], or [N, C, d…]) and integer class indices "
                + "int[N] (the input's shape without dimension 1), or float class probabilities of the input's "
                + "shape. Applies log_softmax itself, so the model should return logits.";
    }
}
