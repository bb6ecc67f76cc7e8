package dev.nnet.ir.op;

import dev.nnet.ir.Gradients;
import dev.nnet.ir.Node;
import dev.nnet.ir.Shapes;
import dev.nnet.types.TensorType;
import java.util.ArrayList;
import java.util.List;

/** {@code scale · loss(prediction, target)}, a scalar; {@code sum} for {@code reduction=sum}, else the mean. */
public record Loss(LossKind kind, boolean sum, float scale) implements IrOp {
    @Override
    public String name() {
        return "loss";
    }

    @Override
    public String attributes() {
        return kind.text() + (sum ? " sum" : " mean") + (scale == 1f ? "" : " scale=" + scale);
    }

    @Override
    public TensorType infer(List<TensorType> in) {
        Shapes.require(in.size() == 2, "loss takes prediction and target");
        return Shapes.scalar();
    }

    @Override
    public List<Node> gradient(Gradients g, Node self, Node dOut) {
        // The loss is the root of the backward pass: its seed gradient is 1, so dOut is not an input.
        List<Node> grads = new ArrayList<>();
        grads.add(g.needs(self.input(0)) ? g.add(self, new LossGrad(kind, sum, scale), self.input(0), self.input(1))
                : null);
        grads.add(null);
        return grads;
    }
}
