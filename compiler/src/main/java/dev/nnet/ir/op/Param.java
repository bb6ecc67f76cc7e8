package dev.nnet.ir.op;

import dev.nnet.types.TensorType;

/** A learnable tensor, named as in PyTorch's {@code state_dict} ({@code conv1.weight}). */
public record Param(String stateName, TensorType type) implements Leaf {
    @Override
    public String name() {
        return "param";
    }

    @Override
    public String attributes() {
        return stateName;
    }
}
