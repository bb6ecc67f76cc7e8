package dev.nnet.ir.op;

import dev.nnet.ir.Gradients;
import dev.nnet.ir.Node;
import dev.nnet.ir.Shapes;
import dev.nnet.types.TensorType;
import java.util.List;
import java.util.Set;

/** {@code view}, {@code flatten}, {@code reshape}: the same elements under another shape; the memory plan aliases it. */
public record Reshape(TensorType to) implements IrOp {
    @Override
    public String name() {
        return "reshape";
    }

    @Override
    public String attributes() {
        return to.shapeText();
    }

    @Override
    public Set<Trait> traits() {
        return Set.of(Trait.ALIASES_INPUT);
    }

    @Override
    public TensorType infer(List<TensorType> in) {
        Shapes.require(in.get(0).numel().equals(to.numel()), "reshape " + in.get(0).shapeText() + " to "
                + to.shapeText() + " changes the element count");
        return to;
    }

    @Override
    public List<Node> gradient(Gradients g, Node self, Node dOut) {
        return List.of(g.add(self, new Reshape(self.input(0).type()), dOut));
    }
}
