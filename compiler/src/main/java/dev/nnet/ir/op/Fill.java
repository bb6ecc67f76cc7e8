package dev.nnet.ir.op;

import dev.nnet.ir.Gradients;
import dev.nnet.ir.Node;
import dev.nnet.types.TensorType;
import java.util.List;

/** {@code zeros(...)}, {@code ones(...)}: a new tensor of {@code type} with every element {@code value}. */
public record Fill(float value, TensorType type) implements IrOp {
    @Override
    public String name() {
        return "fill";
    }

    @Override
    public String attributes() {
        return "value=" + value;
    }

    @Override
    public TensorType infer(List<TensorType> in) {
        return type;
    }

    /** No inputs, so nothing to differentiate; autodiff never asks. */
    @Override
    public List<Node> gradient(Gradients g, Node self, Node dOut) {
        return List.of();
    }
}
