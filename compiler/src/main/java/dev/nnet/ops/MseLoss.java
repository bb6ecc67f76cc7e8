package dev.nnet.ops;

/** {@code mse(reduction=mean)}: mean squared error. */
final class MseLoss extends ElementwiseLoss {
    MseLoss() {
        super("mse", "MSELoss");
    }

    @Override
    public String doc() {
        return "Mean squared error (input − target)² between predictions and float targets of the same shape; "
                + "a scalar, or per-element losses with reduction=none.";
    }
}
