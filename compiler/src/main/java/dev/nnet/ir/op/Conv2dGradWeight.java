package dev.nnet.ir.op;

import dev.nnet.ir.Emitter;
import dev.nnet.ir.Node;
import dev.nnet.ir.Shapes;
import dev.nnet.types.Dim;
import dev.nnet.types.TensorType;
import java.util.List;

/** The gradient of a convolution's weight; inputs dy, x. */
public record Conv2dGradWeight(ConvGeometry geometry) implements BackwardOp {
    @Override
    public String name() {
        return "conv2d_grad_weight";
    }

    @Override
    public String attributes() {
        return geometry.text();
    }

    @Override
    public TensorType infer(List<TensorType> in) {
        ConvGeometry g = geometry;
        return Shapes.floats(List.of(Dim.of(g.outChannels()), Dim.of(g.inChannels() / g.groups()), Dim.of(g.kernelH()),
                Dim.of(g.kernelW())));
    }

    @Override
    public void emit(Emitter e, Node self) {
        Node dy = self.input(0);
        Node x = self.input(1);
        if (geometry.keepsColumns(e, x)) { // the forward of x kept its column matrix for this
            e.statement("$L.backwardWeightFromForward($L, $L, $L, $L, null, false)",
                    geometry.keepingKernel(e, x, self.label()), e.size(dy.type().dim(0)), e.array(dy), e.offset(dy),
                    e.array(self));
            return;
        }
        e.statement("$L.backwardWeight($L, $L, $L, $L, $L, $L, null, false)", geometry.kernel(e, self.label()),
                e.size(dy.type().dim(0)), e.array(x), e.offset(x), e.array(dy), e.offset(dy), e.array(self));
    }
}
