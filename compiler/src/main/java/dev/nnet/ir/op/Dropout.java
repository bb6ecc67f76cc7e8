package dev.nnet.ir.op;

import dev.nnet.ir.Gradients;
import dev.nnet.ir.Node;
import dev.nnet.types.TensorType;
import java.util.List;

/**
 * Training-mode dropout: zeroes each element with probability {@code p} and scales the rest by 1/(1−p), keeping
 * the mask for the gradient. Evaluation lowers dropout to nothing.
 */
public record Dropout(float p) implements IrOp {
    @Override
    public String name() {
        return "dropout";
    }

    @Override
    public String attributes() {
        return "p=" + p;
    }

    @Override
    public TensorType infer(List<TensorType> in) {
        return in.get(0);
    }

    @Override
    public List<Node> gradient(Gradients g, Node self, Node dOut) {
        return List.of(g.add(self, new DropoutGrad(), dOut, self));
    }
}
