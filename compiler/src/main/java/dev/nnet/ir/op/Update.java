package dev.nnet.ir.op;

/**
 * One optimizer step for one parameter; inputs the parameter and its gradient. The optimizer's state is named like
 * PyTorch's optimizer state ({@code optimizer.fc.weight.momentum_buffer}) and checkpointed.
 */
public record Update(Optimizer optimizer, String parameter) implements ParameterEffect {
    @Override
    public String name() {
        return "update";
    }

    @Override
    public String attributes() {
        return parameter + " " + optimizer.text();
    }
}
