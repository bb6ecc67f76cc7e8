package dev.nnet.ir.op;

/** The losses a train block may use, with the runtime class that computes each one and its gradient. */
public enum LossKind {
    MSE("Mse"), BCE("Bce"), BCE_WITH_LOGITS("BceWithLogits"), CROSS_ENTROPY("CrossEntropy"), NLL("Nll");

    private final String runtimeClass;

    LossKind(String runtimeClass) {
        this.runtimeClass = runtimeClass;
    }

    public String runtimeClass() {
        return runtimeClass;
    }

    /** Cross-entropy and NLL take class indices; the others a float target shaped like the prediction. */
    public boolean classTargets() {
        return this == CROSS_ENTROPY || this == NLL;
    }

    public String text() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
