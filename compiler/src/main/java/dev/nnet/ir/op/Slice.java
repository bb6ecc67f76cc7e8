package dev.nnet.ir.op;

import dev.nnet.ir.Gradients;
import dev.nnet.ir.Node;

import dev.nnet.types.Dim;
import dev.nnet.types.TensorType;
import java.util.List;

/** Elements [start, start + length) along {@code axis}: a subscript {@code x[:, 2:5]}, and the gradient of {@link Concat}. */
public record Slice(int axis, Dim start, Dim length) implements IrOp {
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

    /** The gradient puts dy back where the slice came from, zeros elsewhere. */
    @Override
    public List<Node> gradient(Gradients g, Node self, Node dOut) {
        return List.of(g.add(self, new SliceGrad(axis, start, self.input(0).type().dim(axis)), dOut));
    }
}
