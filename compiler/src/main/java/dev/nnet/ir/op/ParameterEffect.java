package dev.nnet.ir.op;

import dev.nnet.ir.Gradients;
import dev.nnet.ir.Node;
import dev.nnet.ir.Shapes;
import dev.nnet.types.TensorType;
import java.util.List;
import java.util.Set;

/**
 * An op that writes a parameter's state from its gradient (an optimizer step, a {@code .grad} sum): inputs the
 * parameter and its gradient, produces no value, is kept by dead-code elimination, and is not differentiable.
 */
public sealed interface ParameterEffect extends IrOp permits Update, AccumulateGrad {
    /** The parameter's {@code state_dict} name. */
    String parameter();

    @Override
    default TensorType infer(List<TensorType> in) {
        Shapes.sameShape(in.get(0), in.get(1), name() + " of " + parameter());
        return Shapes.scalar();
    }

    @Override
    default Set<Trait> traits() {
        return Set.of(Trait.EFFECT);
    }

    @Override
    default List<Node> gradient(Gradients g, Node self, Node dOut) {
        throw new UnsupportedOperationException(name() + " of " + parameter() + " is not differentiable");
    }
}
