package dev.nnet.ir.op;

import dev.nnet.ir.Emitter;
import dev.nnet.ir.Gradients;
import dev.nnet.ir.IrOp;
import dev.nnet.ir.Node;
import dev.nnet.ir.Shapes;
import dev.nnet.types.TensorType;
import java.util.List;

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
    public TensorType infer(List<TensorType> in) {
        Shapes.require(in.get(0).numel().equals(to.numel()), "reshape " + in.get(0).shapeText() + " to "
                + to.shapeText() + " changes the element count");
        return to;
    }

    @Override
    public List<Node> gradient(Gradients g, Node self, Node dOut) {
        return List.of(g.add(self, new Reshape(self.input(0).type()), dOut));
    }

    @Override
    public void emit(Emitter e, Node self) {
        Node x = self.input(0);
        if (!e.array(x).equals(e.array(self)) || !e.offset(x).equals(e.offset(self))) {
            e.statement("$T.arraycopy($L, $L, $L, $L, $L)", System.class, e.array(x), e.offset(x), e.array(self),
                    e.offset(self), e.count(self));
        }
    }
}
