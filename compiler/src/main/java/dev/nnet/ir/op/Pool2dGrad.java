package dev.nnet.ir.op;

import dev.nnet.ir.Shapes;
import dev.nnet.types.Dim;
import dev.nnet.types.TensorType;
import java.util.List;

/** The gradient of a pooling with respect to its input; inputs dy and the forward pooling node (its indices). */
public record Pool2dGrad(PoolGeometry geometry) implements BackwardOp {
    @Override
    public String name() {
        return geometry.max() ? "max_pool2d_grad" : "avg_pool2d_grad";
    }

    @Override
    public String attributes() {
        return geometry.text();
    }

    @Override
    public TensorType infer(List<TensorType> in) {
        PoolGeometry g = geometry;
        return Shapes.floats(List.of(in.get(0).dim(0), Dim.of(g.channels()), Dim.of(g.height()), Dim.of(g.width())));
    }
}
