package dev.nnet.ir.op;

import dev.nnet.ir.Emitter;
import dev.nnet.ir.Node;
import dev.nnet.ir.Shapes;
import dev.nnet.types.Dim;
import dev.nnet.types.TensorType;
import java.util.List;

/** Sums over every axis but the last: a linear layer's bias gradient. */
public record SumRows() implements BackwardOp {
    @Override
    public String name() {
        return "sum_rows";
    }

    @Override
    public TensorType infer(List<TensorType> in) {
        return Shapes.floats(List.of(in.get(0).dim(-1)));
    }

    @Override
    public void emit(Emitter e, Node self) {
        Node dy = self.input(0);
        List<Dim> dims = dy.type().dims();
        e.statement("$T.sumRows($L, $L, $L, $L, $L, $L, false)", e.kernel("Reduce"),
                e.size(Shapes.product(dims, 0, dims.size() - 1)), e.size(dy.type().dim(-1)), e.array(dy),
                e.offset(dy), e.array(self), e.offset(self));
    }
}
