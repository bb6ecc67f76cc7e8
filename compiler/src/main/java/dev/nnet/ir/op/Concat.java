package dev.nnet.ir.op;

import dev.nnet.ir.Gradients;
import dev.nnet.ir.Node;
import dev.nnet.ir.Shapes;
import dev.nnet.types.Dim;
import dev.nnet.types.TensorType;
import java.util.ArrayList;
import java.util.List;

/** Joins tensors along {@code axis} (non-negative); every other axis agrees. */
public record Concat(int axis) implements IrOp {
    @Override
    public String name() {
        return "concat";
    }

    @Override
    public String attributes() {
        return "axis=" + axis;
    }

    @Override
    public TensorType infer(List<TensorType> in) {
        TensorType first = in.get(0);
        Dim total = Dim.of(0);
        for (TensorType t : in) {
            Shapes.require(t.rank() == first.rank(), "concat: ranks differ");
            for (int a = 0; a < t.rank(); a++) {
                Shapes.require(a == axis || t.dim(a).equals(first.dim(a)), "concat: axis " + a + " differs");
            }
            total = total.plus(t.dim(axis));
        }
        return first.withDim(axis, total);
    }

    @Override
    public List<Node> gradient(Gradients g, Node self, Node dOut) {
        List<Node> grads = new ArrayList<>();
        Dim start = Dim.of(0);
        for (Node x : self.inputs()) {
            grads.add(g.needs(x) ? g.add(self, new Slice(axis, start, x.type().dim(axis)), dOut) : null);
            start = start.plus(x.type().dim(axis));
        }
        return grads;
    }
}
