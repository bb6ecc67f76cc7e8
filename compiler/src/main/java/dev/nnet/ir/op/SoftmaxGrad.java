package dev.nnet.ir.op;

import dev.nnet.ir.Shapes;
import dev.nnet.types.TensorType;
import java.util.List;

/**
 * The gradient of (log-)softmax from its output y: softmax {@code dx = y·(dy − Σ dy·y)}, log-softmax
 * {@code dx = dy − exp(y)·Σ dy}; inputs dy, y.
 */
public record SoftmaxGrad(boolean log) implements BackwardOp {
    @Override
    public String name() {
        return log ? "log_softmax_grad" : "softmax_grad";
    }

    @Override
    public TensorType infer(List<TensorType> in) {
        Shapes.sameShape(in.get(0), in.get(1), name());
        return in.get(0);
    }
}
