package dev.nnet.ir.op;

/**
 * Adds a parameter's gradient into its {@code .grad} tensor, as PyTorch's {@code AccumulateGrad} does, so
 * gradients of several backward passes sum until the caller zeroes them. Inputs the parameter and its gradient.
 */
public record AccumulateGrad(String parameter) implements ParameterEffect {
    @Override
    public String name() {
        return "accumulate_grad";
    }

    @Override
    public String attributes() {
        return parameter;
    }
}
