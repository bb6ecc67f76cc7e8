package dev.nnet.ir.op;

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
}
