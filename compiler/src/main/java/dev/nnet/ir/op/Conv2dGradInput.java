package dev.nnet.ir.op;

import dev.nnet.ir.Emitter;
import dev.nnet.ir.Node;
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

    @Override
    public void emit(Emitter e, Node self) {
        Node dy = self.input(0);
        Node w = self.input(1);
        e.statement("$L.backwardData($L, $L, $L, $L, $L, $L)", geometry.kernel(e, self.label()), e.size(dy.type().dim(0)),
                e.array(dy), e.offset(dy), e.array(w), e.array(self), e.offset(self));
    }
}
