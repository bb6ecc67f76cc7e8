package dev.nnet.ir.op;

import dev.nnet.ir.Gradients;
import dev.nnet.ir.Node;
import dev.nnet.types.TensorType;
import java.util.List;
import java.util.Set;

/**
 * A value the function is given rather than computes (an input, a parameter): its type is declared, no code
 * computes it (the generated method binds it to an argument or a field), and the gradient stops there.
 */
public sealed interface Leaf extends IrOp permits Input, Param {
    /** The declared type. */
    TensorType type();

    @Override
    default TensorType infer(List<TensorType> inputs) {
        return type();
    }

    @Override
    default Set<Trait> traits() {
        return Set.of(Trait.LEAF);
    }

    @Override
    default List<Node> gradient(Gradients g, Node self, Node dOut) {
        return List.of();
    }
}
