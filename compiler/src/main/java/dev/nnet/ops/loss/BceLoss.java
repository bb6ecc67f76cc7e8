package dev.nnet.ops.loss;

/** {@code bce(reduction=mean)}: binary cross-entropy on probabilities. */
public final class BceLoss extends ElementwiseLoss {
    public BceLoss() {
        super("bce", "BCELoss");
    }

    @Override
    public String doc() {
        return "Binary cross-entropy −[t·log p + (1 − t)·log(1 − p)] between probabilities p (e.g. after "
                + "`sigmoid`) and float 0/1 targets of the same shape. Prefer `bce_with_logits` on raw scores, "
                + "which is numerically stable.";
    }
}
