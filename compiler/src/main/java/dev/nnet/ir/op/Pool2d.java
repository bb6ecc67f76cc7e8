package dev.nnet.ir.op;

import dev.nnet.ir.Gradients;
import dev.nnet.ir.Node;
import dev.nnet.ir.Shapes;
import dev.nnet.types.Dim;
import dev.nnet.types.TensorType;
import java.util.ArrayList;
import java.util.List;

/**
 * Max or average pooling over [N, C, H, W]; max pooling records where each maximum was, for its gradient.
 * {@code relu}: max pooling followed by a ReLU in the same pass (set by the fuse-pool-relu pass; max commutes with
 * ReLU, and the indices are those of the maximum before the ReLU).
 */
public record Pool2d(PoolGeometry geometry, boolean relu) implements IrOp {
    public Pool2d {
        Shapes.require(!relu || geometry.max(), "avg_pool2d: only max pooling takes a fused ReLU");
    }

    public Pool2d(PoolGeometry geometry) {
        this(geometry, false);
    }

    @Override
    public String name() {
        return geometry.max() ? "max_pool2d" : "avg_pool2d";
    }

    @Override
    public String attributes() {
        return geometry.text() + (relu ? " act=relu" : "");
    }

    @Override
    public TensorType infer(List<TensorType> in) {
        PoolGeometry g = geometry;
        TensorType x = in.get(0);
        Shapes.require(x.rank() == 4 && x.dim(1).equals(Dim.of(g.channels())) && x.dim(2).equals(Dim.of(g.height()))
                && x.dim(3).equals(Dim.of(g.width())), name() + ": input " + x.shapeText() + " does not match " + g);
        return Shapes.floats(List.of(x.dim(0), Dim.of(g.channels()), Dim.of(g.outHeight()), Dim.of(g.outWidth())));
    }

    @Override
    public List<Node> gradient(Gradients g, Node self, Node dOut) {
        Shapes.require(!relu, name() + ": gradients are taken before the ReLU is fused");
        List<Node> grads = new ArrayList<>();
        grads.add(g.add(self, new Pool2dGrad(geometry), dOut, self));
        return grads;
    }
}
