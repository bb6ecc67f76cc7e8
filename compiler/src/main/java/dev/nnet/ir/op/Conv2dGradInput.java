package dev.nnet.ir.op;

import dev.nnet.ir.Shapes;
import dev.nnet.types.Dim;
import dev.nnet.types.TensorType;
import java.util.List;

/** The gradient of a convolution with respect to its input; inputs dy, weight. */
public record Conv2dGradInput(ConvGeometry geometry) implements BackwardOp {
    @Override
    public String name() {
        return "conv2d_grad_input";
    }

    @Override
    public String attributes() {
        return geometry.text();
    }

    @Override
    public TensorType infer(List<TensorType> in) {
        ConvGeometry g = geometry;
        return Shapes.floats(List.of(in.get(0).dim(0), Dim.of(g.inChannels()), Dim.of(g.height()), Dim.of(g.width())));
    }
}
