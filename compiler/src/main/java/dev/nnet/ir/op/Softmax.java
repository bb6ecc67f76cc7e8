package dev.nnet.ir.op;

import dev.nnet.ir.Gradients;
import dev.nnet.ir.Node;
import dev.nnet.ir.Shapes;
import dev.nnet.types.TensorType;
import java.util.List;

/** Softmax, or log-softmax when {@code log}, over the last axis (lowering moves other axes there or rejects them). */
public record Softmax(boolean log) implements IrOp {
    @Override
    public String name() {
        return log ? "log_softmax" : "softmax";
    }

    @Override
    public TensorType infer(List<TensorType> in) {
        Shapes.require(in.get(0).rank() >= 1, name() + " needs at least one axis");
        return in.get(0);
    }

    @Override
    public List<Node> gradient(Gradients g, Node self, Node dOut) {
        return List.of(g.add(self, new SoftmaxGrad(log), dOut, self));
    }
}
