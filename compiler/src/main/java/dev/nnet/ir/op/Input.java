package dev.nnet.ir.op;

import dev.nnet.ir.Emitter;
import dev.nnet.ir.Gradients;
import dev.nnet.ir.IrOp;
import dev.nnet.ir.Node;
import dev.nnet.types.TensorType;
import java.util.List;

/** A value given to the function: the model input {@code x}, the target, or the gradient seed of a backward pass. */
public record Input(String binding, TensorType type) implements IrOp {
    @Override
    public String name() {
        return "input";
    }

    @Override
    public String attributes() {
        return binding;
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
        // Bound to an argument of the generated method; nothing to compute.
    }
}
