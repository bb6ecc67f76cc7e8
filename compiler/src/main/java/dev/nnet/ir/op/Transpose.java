package dev.nnet.ir.op;

import dev.nnet.ir.Gradients;
import dev.nnet.ir.Node;
import dev.nnet.ir.Shapes;
import dev.nnet.types.Dim;
import dev.nnet.types.TensorType;
import java.util.ArrayList;
import java.util.List;

/**
 * Axes {@code first} and {@code second} swapped ({@code first < second}), as a dense copy: {@code transpose(0, 1)}
 * and {@code t()}. It only moves values, so it takes int tensors (token ids) as well as floats.
 */
public record Transpose(int first, int second) implements IrOp {
    public Transpose {
        if (first < 0 || second <= first) {
            throw new IllegalArgumentException("transpose axes must be 0 <= first < second, got " + first + " and "
                    + second);
        }
    }

    @Override
    public String name() {
        return "transpose";
    }

    @Override
    public String attributes() {
        return "axes=" + first + "," + second;
    }

    @Override
    public TensorType infer(List<TensorType> in) {
        TensorType x = in.get(0);
        Shapes.require(second < x.rank(), "transpose axes " + first + ", " + second + " of rank-" + x.rank() + " "
                + x.shapeText());
        List<Dim> out = new ArrayList<>(x.dims());
        out.set(first, x.dim(second));
        out.set(second, x.dim(first));
        return x.withDims(out);
    }

    /** Swapping the same two axes again puts dy back in the input's layout. */
    @Override
    public List<Node> gradient(Gradients g, Node self, Node dOut) {
        return List.of(g.add(self, this, dOut));
    }
}
