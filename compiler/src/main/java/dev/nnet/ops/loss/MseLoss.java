package dev.nnet.ops.loss;

/** {@code mse(reduction=mean)}: mean squared error. */
public final class MseLoss extends ElementwiseLoss {
    public MseLoss() {
        super("mse", "MSELoss");
    }

    @Override
    public String doc() {
        return "Mean squared error (input − target)² between predictions and float targets of the same shape; "
                + "a scalar, or per-element losses with reduction=none.";
    }
}
