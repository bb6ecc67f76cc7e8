package dev.nnet.ir.op;

import dev.nnet.ir.Shapes;
import dev.nnet.types.Dim;
import dev.nnet.types.TensorType;
import java.util.List;

/**
 * The gradient of a convolution's weight; inputs dy, x. {@code fromForward}: the forward convolution of x kept its
 * column matrix, so this multiplies by it instead of building it again (set by the keep-columns pass).
 */
public record Conv2dGradWeight(ConvGeometry geometry, boolean fromForward, String into) implements AccumulatesInto {
    public Conv2dGradWeight(ConvGeometry geometry) {
        this(geometry, false, null);
    }

    public Conv2dGradWeight withFromForward() {
        return new Conv2dGradWeight(geometry, true, into);
    }

    @Override
    public String name() {
        return "conv2d_grad_weight";
    }

    @Override
    public String attributes() {
        return geometry.text() + (fromForward ? " from_forward" : "") + intoText();
    }

    @Override
    public Conv2dGradWeight accumulatingInto(String parameter) {
        return new Conv2dGradWeight(geometry, fromForward, parameter);
    }

    @Override
    public TensorType gradientType(List<TensorType> in) {
        ConvGeometry g = geometry;
        return Shapes.floats(List.of(Dim.of(g.outChannels()), Dim.of(g.inChannels() / g.groups()), Dim.of(g.kernelH()),
                Dim.of(g.kernelW())));
    }
}
