package dev.nnet.ir.op;

import dev.nnet.ir.Emitter;
import dev.nnet.ir.Gradients;
import dev.nnet.ir.IrOp;
import dev.nnet.ir.Node;
import dev.nnet.types.TensorType;
import java.util.List;

/**
 * A value the function is given rather than computes (an input, a parameter): its type is declared, it emits no
 * code (the generated method binds it to an argument or a field), and the gradient stops there.
 */
interface Leaf extends IrOp {
    /** The declared type. */
    TensorType type();

    @Override
    default TensorType infer(List<TensorType> inputs) {
        return type();
    }

    @Override
    default List<Node> gradient(Gradients g, Node self, Node dOut) {
        return List.of();
    }

    @Override
    default void emit(Emitter e, Node self) {
        // Bound to a method argument or a parameter tensor; nothing to compute.
    }
}
