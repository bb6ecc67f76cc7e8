package dev.nnet.ir.op;

import dev.nnet.ir.Shapes;
import dev.nnet.types.TensorType;
import java.util.List;

/** Sums a gradient over the axes broadcasting expanded, back to the shape of the broadcast input. */
public record ReduceTo(TensorType target) implements BackwardOp {
    @Override
    public String name() {
        return "reduce_to";
    }

    @Override
    public String attributes() {
        return target.shapeText();
    }

    @Override
    public TensorType infer(List<TensorType> in) {
        Shapes.broadcast(in.get(0).dims(), target.dims());
        return target;
    }
}
