package dev.nnet.ir.op;

import dev.nnet.ir.Shapes;
import dev.nnet.types.Dim;
import dev.nnet.types.TensorType;
import java.util.List;

/**
 * The gradient of a pooling with respect to its input; inputs dy and the forward pooling node (its indices).
 * {@code relu}: the gradient through a ReLU as well, for a pooling with the ReLU fused: dy counts only where the
 * forward's output is positive (the relu_grad mask, applied at the pooled size before the scatter). A max pooling's
 * gradient may take a third input, a second dy of the same shape that is added to the first before the mask (the
 * gradient of a pooled value that two paths use, set by the fuse-pool-grad-sum pass).
 */
public record Pool2dGrad(PoolGeometry geometry, boolean relu) implements BackwardOp {
    public Pool2dGrad {
        Shapes.require(!relu || geometry.max(), "avg_pool2d_grad: only max pooling takes a fused ReLU");
    }

    public Pool2dGrad(PoolGeometry geometry) {
        this(geometry, false);
    }

    @Override
    public String name() {
        return geometry.max() ? "max_pool2d_grad" : "avg_pool2d_grad";
    }

    @Override
    public String attributes() {
        return geometry.text() + (relu ? " act=relu" : "");
    }

    @Override
    public TensorType infer(List<TensorType> in) {
        PoolGeometry g = geometry;
        Shapes.require(in.size() == 2 || in.size() == 3 && g.max() && in.get(2).dims().equals(in.get(0).dims()),
                name() + ": takes dy and the pooling, and for max pooling a second dy of dy's shape");
        return Shapes.floats(List.of(in.get(0).dim(0), Dim.of(g.channels()), Dim.of(g.height()), Dim.of(g.width())));
    }
}
