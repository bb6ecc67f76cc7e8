package dev.nnet.ir.op;

import dev.nnet.types.TensorType;

/** A value given to the function: the model input {@code x}, the target, or the gradient seed of a backward pass. */
public record Input(String binding, TensorType type) implements Leaf {
    @Override
    public String name() {
        return "input";
    }

    @Override
    public String attributes() {
        return binding;
    }
}
