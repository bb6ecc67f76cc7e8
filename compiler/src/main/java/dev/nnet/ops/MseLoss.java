package dev.nnet.ops;

/** {@code mse(reduction=mean)}: mean squared error. */
final class MseLoss extends ElementwiseLoss {
    @Override
    public String name() {
        return "mse";
    }

    @Override
    public String displayName() {
        return "MSELoss";
    }

    @Override
    public String doc() {
        return "Mean squared error (input − target)² between predictions and float targets of the same shape; "
                + "a scalar, or per-element losses with reduction=none.";
    }
}
