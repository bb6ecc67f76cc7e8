package dev.nnet.ir.op;

import dev.nnet.ir.Emitter;
import dev.nnet.ir.Node;
import dev.nnet.ir.Shapes;
import dev.nnet.types.Dim;
import dev.nnet.types.TensorType;
import java.util.List;

/** {@code dW = dyᵀ·x}: the gradient of a linear layer's weight; inputs dy [.., out], x [.., in]. */
public record LinearGradWeight() implements BackwardOp {
    @Override
    public String name() {
        return "linear_grad_weight";
    }

    @Override
    public TensorType infer(List<TensorType> in) {
        TensorType dy = in.get(0);
        TensorType x = in.get(1);
        Shapes.require(dy.rank() == x.rank(), "linear_grad_weight: ranks differ");
        return Shapes.floats(List.of(dy.dim(-1), x.dim(-1)));
    }

    @Override
    public void emit(Emitter e, Node self) {
        Node dy = self.input(0);
        Node x = self.input(1);
        List<Dim> dims = dy.type().dims();
        String rows = e.size(Shapes.product(dims, 0, dims.size() - 1));
        String out = e.size(dy.type().dim(-1));
        String in = e.size(x.type().dim(-1));
        e.statement("$T.sgemm(true, false, $L, $L, $L, 1f, $L, $L, $L, $L, $L, $L, 0f, $L, $L, $L)",
                e.kernel("Gemm"), out, in, rows, e.array(dy), e.offset(dy), out, e.array(x), e.offset(x), in,
                e.array(self), e.offset(self), in);
    }
}
