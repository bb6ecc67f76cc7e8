package dev.nnet.ir.op;

/** The losses a train block may use. */
public enum LossKind {
    MSE, BCE, BCE_WITH_LOGITS, CROSS_ENTROPY, NLL;

    /** Cross-entropy and NLL take class indices; the others a float target shaped like the prediction. */
    public boolean classTargets() {
        return this == CROSS_ENTROPY || this == NLL;
    }

    public String text() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
