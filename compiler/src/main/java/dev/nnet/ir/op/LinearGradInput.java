package dev.nnet.ir.op;

import dev.nnet.ir.Emitter;
import dev.nnet.ir.Node;
import dev.nnet.ir.Shapes;
import dev.nnet.types.Dim;
import dev.nnet.types.TensorType;
import java.util.List;

/** {@code dx = dy·W}: the gradient of a linear layer with respect to its input; inputs dy, weight. */
public record LinearGradInput() implements BackwardOp {
    @Override
    public String name() {
        return "linear_grad_input";
    }

    @Override
    public TensorType infer(List<TensorType> in) {
        TensorType dy = in.get(0);
        TensorType w = in.get(1);
        Shapes.require(dy.dim(-1).equals(w.dim(0)), "linear_grad_input: dy " + dy.shapeText() + " vs weight "
                + w.shapeText());
        return dy.withDim(-1, w.dim(1));
    }

    @Override
    public void emit(Emitter e, Node self) {
        Node dy = self.input(0);
        Node w = self.input(1);
        List<Dim> dims = dy.type().dims();
        String rows = e.size(Shapes.product(dims, 0, dims.size() - 1));
        String in = e.size(w.type().dim(1));
        String out = e.size(w.type().dim(0));
        e.statement("$T.sgemm(false, false, $L, $L, $L, 1f, $L, $L, $L, $L, $L, $L, 0f, $L, $L, $L)",
                e.kernel("Gemm"), rows, in, out, e.array(dy), e.offset(dy), out, e.array(w), e.offset(w), in,
                e.array(self), e.offset(self), in);
    }
}
