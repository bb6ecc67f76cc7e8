package dev.nnet.ops.loss;

import dev.nnet.diag.Code;
import dev.nnet.ops.OpContext;
import java.util.List;

/** {@code nll(reduction=mean)}: negative log-likelihood of class indices given log-probabilities. */
public final class NllLoss extends CrossEntropyLoss {
    public NllLoss() {
        super("nll", "NLLLoss");
    }

    @Override
    List<String> warnAfter() {
        return List.of("softmax");
    }

    @Override
    boolean acceptsProbabilities() {
        return false;
    }

    @Override
    void warn(OpContext ctx, String producer) {
        ctx.report(Code.W0303, ctx.inputSpan(0),
                "nll expects log-probabilities; the model applies softmax",
                r -> origin(ctx, r.spanLabel("output of `softmax`"))
                        .note("nll takes −input[target] directly, so probabilities give a meaningless loss")
                        .help("end the model with `log_softmax` instead of `softmax`, or return the logits and "
                                + "use `cross_entropy`"));
    }

    @Override
    public String doc() {
        return "Negative log-likelihood −input[target] between log-probabilities [N, C] (e.g. after "
                + "`log_softmax`) and integer class indices int[N]. `cross_entropy` on logits is the same loss "
                + "in one step.";
    }
}
