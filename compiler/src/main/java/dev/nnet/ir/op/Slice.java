package dev.nnet.ir.op;

import dev.nnet.types.Dim;
import dev.nnet.types.TensorType;
import java.util.List;

/** Elements [start, start + length) along {@code axis}: the gradient of {@link Concat}. */
public record Slice(int axis, Dim start, Dim length) implements BackwardOp {
    @Override
    public String name() {
        return "slice";
    }

    @Override
    public String attributes() {
        return "axis=" + axis + " start=" + start + " length=" + length;
    }

    @Override
    public TensorType infer(List<TensorType> in) {
        return in.get(0).withDim(axis, length);
    }
}
