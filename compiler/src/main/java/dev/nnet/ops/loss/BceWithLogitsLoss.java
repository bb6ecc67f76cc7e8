package dev.nnet.ops.loss;

import dev.nnet.diag.Code;
import dev.nnet.ops.OpContext;
import java.util.List;

/** {@code bce_with_logits(reduction=mean)}: sigmoid and binary cross-entropy in one stable step. */
public final class BceWithLogitsLoss extends ElementwiseLoss {
    public BceWithLogitsLoss() {
        super("bce_with_logits", "BCEWithLogitsLoss");
    }

    @Override
    List<String> warnAfter() {
        return List.of("sigmoid");
    }

    @Override
    void warn(OpContext ctx, String producer) {
        ctx.report(Code.W0303, ctx.inputSpan(0),
                "bce_with_logits applies sigmoid itself; the model already applies sigmoid",
                r -> origin(ctx, r.spanLabel("output of `sigmoid`"))
                        .note("squashing twice trains against the wrong probabilities")
                        .help("return the logits: remove the final `sigmoid` from the model"));
    }

    @Override
    public String doc() {
        return "Binary cross-entropy on raw scores: applies sigmoid itself, stably. Input logits and float 0/1 "
                + "targets of the same shape; the model should not end in `sigmoid`.";
    }
}
