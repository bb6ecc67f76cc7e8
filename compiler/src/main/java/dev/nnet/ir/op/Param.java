package dev.nnet.ir.op;

import dev.nnet.ir.Emitter;
import dev.nnet.ir.Gradients;
import dev.nnet.ir.IrOp;
import dev.nnet.ir.Node;
import dev.nnet.types.TensorType;
import java.util.List;

/** A learnable tensor, named as in PyTorch's {@code state_dict} ({@code conv1.weight}). */
public record Param(String stateName, TensorType type) implements IrOp {
    @Override
    public String name() {
        return "param";
    }

    @Override
    public String attributes() {
        return stateName;
    }

    @Override
    public TensorType infer(List<TensorType> inputs) {
        return type;
    }

    @Override
    public List<Node> gradient(Gradients g, Node self, Node dOut) {
        return List.of();
    }

    @Override
    public void emit(Emitter e, Node self) {
        // Lives in the model's parameter tensor; nothing to compute.
    }
}
