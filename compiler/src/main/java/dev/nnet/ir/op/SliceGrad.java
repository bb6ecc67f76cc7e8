package dev.nnet.ir.op;

import dev.nnet.types.Dim;
import dev.nnet.types.TensorType;
import java.util.List;

/** The gradient of {@link Slice}: dy placed at [start, start + dy's length) along {@code axis} of zeros {@code size} long. */
public record SliceGrad(int axis, Dim start, Dim size) implements BackwardOp {
    @Override
    public String name() {
        return "slice_grad";
    }

    @Override
    public String attributes() {
        return "axis=" + axis + " start=" + start + " size=" + size;
    }

    @Override
    public TensorType infer(List<TensorType> in) {
        return in.get(0).withDim(axis, size);
    }
}
