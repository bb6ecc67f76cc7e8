package dev.nnet.ir.op;

import dev.nnet.ir.Shapes;
import dev.nnet.types.TensorType;
import java.util.List;

/** {@code dx = dy·W}: the gradient of a linear layer with respect to its input; inputs dy, weight. */
public record LinearGradInput() implements BackwardOp {
    @Override
    public String name() {
        return "linear_grad_input";
    }

    @Override
    public TensorType infer(List<TensorType> in) {
        TensorType dy = in.get(0);
        TensorType w = in.get(1);
        Shapes.require(dy.dim(-1).equals(w.dim(0)), "linear_grad_input: dy " + dy.shapeText() + " vs weight "
                + w.shapeText());
        return dy.withDim(-1, w.dim(1));
    }
}
