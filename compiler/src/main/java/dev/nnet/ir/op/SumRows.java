package dev.nnet.ir.op;

import dev.nnet.ir.Shapes;
import dev.nnet.types.TensorType;
import java.util.List;

/** Sums over every axis but the last: a linear layer's bias gradient. */
public record SumRows(String into) implements AccumulatesInto {
    public SumRows() {
        this(null);
    }

    @Override
    public String name() {
        return "sum_rows";
    }

    @Override
    public String attributes() {
        return intoText().strip();
    }

    @Override
    public SumRows accumulatingInto(String parameter) {
        return new SumRows(parameter);
    }

    @Override
    public TensorType gradientType(List<TensorType> in) {
        return Shapes.floats(List.of(in.get(0).dim(-1)));
    }
}
