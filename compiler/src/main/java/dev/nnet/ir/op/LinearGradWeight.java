package dev.nnet.ir.op;

import dev.nnet.ir.Shapes;
import dev.nnet.types.TensorType;
import java.util.List;

/** {@code dW = dyᵀ·x}: the gradient of a linear layer's weight; inputs dy [.., out], x [.., in]. */
public record LinearGradWeight(String into) implements AccumulatesInto {
    public LinearGradWeight() {
        this(null);
    }

    @Override
    public String name() {
        return "linear_grad_weight";
    }

    @Override
    public String attributes() {
        return intoText().strip();
    }

    @Override
    public LinearGradWeight accumulatingInto(String parameter) {
        return new LinearGradWeight(parameter);
    }

    @Override
    public TensorType gradientType(List<TensorType> in) {
        TensorType dy = in.get(0);
        TensorType x = in.get(1);
        Shapes.require(dy.rank() == x.rank(), "linear_grad_weight: ranks differ");
        return Shapes.floats(List.of(dy.dim(-1), x.dim(-1)));
    }
}
