package dev.nnet.ir.op;

import dev.nnet.types.TensorType;
import java.util.List;

/** dx = dy · mask of the forward dropout; inputs dy and the dropout node. */
public record DropoutGrad() implements BackwardOp {
    @Override
    public String name() {
        return "dropout_grad";
    }

    @Override
    public TensorType infer(List<TensorType> in) {
        return in.get(0);
    }
}
