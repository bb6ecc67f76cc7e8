package dev.nnet.ir.op;

import dev.nnet.ir.Gradients;
import dev.nnet.ir.Node;
import dev.nnet.ir.Shapes;
import dev.nnet.types.Dim;
import dev.nnet.types.TensorType;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * 2-D convolution over [N, C, H, W] with PyTorch's weight layout, bias and an activation fused in.
 * {@code keepColumns}: the backward pass of the same graph takes this convolution's weight gradient, so the
 * forward keeps its column matrix for it (set by the keep-columns pass). {@code residual}: a last input of the
 * output's shape is added after the bias and before the activation, a residual block's add (the fuse-residual pass).
 */
public record Conv2d(ConvGeometry geometry, boolean bias, Act act, boolean keepColumns, boolean residual)
        implements IrOp {
    public Conv2d(ConvGeometry geometry, boolean bias, Act act) {
        this(geometry, bias, act, false, false);
    }

    public Conv2d withAct(Act a) {
        return new Conv2d(geometry, bias, a, keepColumns, residual);
    }

    public Conv2d withKeepColumns() {
        return new Conv2d(geometry, bias, act, true, residual);
    }

    public Conv2d withResidual() {
        return new Conv2d(geometry, bias, act, keepColumns, true);
    }

    @Override
    public String name() {
        return "conv2d";
    }

    @Override
    public String attributes() {
        return geometry.text() + (bias ? "" : " nobias") + (residual ? " residual" : "")
                + (act == Act.NONE ? "" : " act=" + act.text())
                + (keepColumns ? " keep_columns" : "");
    }

    @Override
    public Set<Trait> traits() {
        return Set.of(Trait.EPILOGUE);
    }

    @Override
    public TensorType infer(List<TensorType> in) {
        ConvGeometry g = geometry;
        TensorType x = in.get(0);
        Shapes.require(x.rank() == 4 && x.dim(1).equals(Dim.of(g.inChannels())) && x.dim(2).equals(Dim.of(g.height()))
                && x.dim(3).equals(Dim.of(g.width())), "conv2d: input " + x.shapeText() + " does not match " + g);
        Shapes.require(in.get(1).dims().equals(List.of(Dim.of(g.outChannels()), Dim.of(g.inChannels() / g.groups()),
                Dim.of(g.kernelH()), Dim.of(g.kernelW()))), "conv2d: weight " + in.get(1).shapeText());
        TensorType y = Shapes.floats(List.of(x.dim(0), Dim.of(g.outChannels()), Dim.of(g.outHeight()),
                Dim.of(g.outWidth())));
        Shapes.require(!residual || in.get(in.size() - 1).dims().equals(y.dims()),
                "conv2d: residual " + in.get(in.size() - 1).shapeText() + " is not the output's " + y.shapeText());
        return y;
    }

    @Override
    public List<Node> gradient(Gradients g, Node self, Node dOut) {
        Shapes.require(act == Act.NONE && !residual,
                "conv2d: gradients are taken before activations are fused (and residual adds)");
        List<Node> grads = new ArrayList<>();
        grads.add(g.needs(self.input(0)) ? g.add(self, new Conv2dGradInput(geometry), dOut, self.input(1)) : null);
        grads.add(g.needs(self.input(1)) ? g.add(self, new Conv2dGradWeight(geometry), dOut, self.input(0)) : null);
        if (bias) {
            grads.add(g.needs(self.input(2)) ? g.add(self, new ChannelSum(), dOut) : null);
        }
        return grads;
    }
}
