package dev.nnet.ir.op;

import dev.nnet.ir.Shapes;
import dev.nnet.types.TensorType;
import java.util.List;

/**
 * {@code dx = dy·W}: the gradient of a linear layer with respect to its input; inputs dy, weight. {@code relu}: the
 * gradient through the ReLU that produced x as well (set by the fuse-linear-relu-grad pass), with a third input, that
 * ReLU's output y: dx counts only where y is positive, relu_grad's mask applied in the GEMM's epilogue.
 */
public record LinearGradInput(boolean relu) implements BackwardOp {
    public LinearGradInput() {
        this(false);
    }

    @Override
    public String name() {
        return "linear_grad_input";
    }

    @Override
    public String attributes() {
        return relu ? "act=relu" : "";
    }

    @Override
    public TensorType infer(List<TensorType> in) {
        Shapes.require(in.size() == (relu ? 3 : 2), "linear_grad_input takes dy, weight" + (relu ? ", relu output" : ""));
        TensorType dy = in.get(0);
        TensorType w = in.get(1);
        Shapes.require(dy.dim(-1).equals(w.dim(0)), "linear_grad_input: dy " + dy.shapeText() + " vs weight "
                + w.shapeText());
        TensorType dx = dy.withDim(-1, w.dim(1));
        Shapes.require(!relu || in.get(2).dims().equals(dx.dims()), "linear_grad_input: the ReLU output "
                + (relu ? in.get(2).shapeText() : "") + " must have dx's shape " + dx.shapeText());
        return dx;
    }
}
