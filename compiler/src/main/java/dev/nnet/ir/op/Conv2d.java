package dev.nnet.ir.op;

import dev.nnet.ir.Emitter;
import dev.nnet.ir.Gradients;
import dev.nnet.ir.IrOp;
import dev.nnet.ir.Node;
import dev.nnet.ir.Shapes;
import dev.nnet.types.Dim;
import dev.nnet.types.TensorType;
import java.util.ArrayList;
import java.util.List;

/** 2-D convolution over [N, C, H, W] with PyTorch's weight layout, bias and an activation fused in. */
public record Conv2d(ConvGeometry geometry, boolean bias, Act act) implements IrOp {
    @Override
    public String name() {
        return "conv2d";
    }

    @Override
    public String attributes() {
        return geometry.text() + (act == Act.NONE ? "" : " act=" + act.text());
    }

    @Override
    public TensorType infer(List<TensorType> in) {
        ConvGeometry g = geometry;
        TensorType x = in.get(0);
        Shapes.require(x.rank() == 4 && x.dim(1).equals(Dim.of(g.inChannels())) && x.dim(2).equals(Dim.of(g.height()))
                && x.dim(3).equals(Dim.of(g.width())), "conv2d: input " + x.shapeText() + " does not match " + g);
        Shapes.require(in.get(1).dims().equals(List.of(Dim.of(g.outChannels()), Dim.of(g.inChannels() / g.groups()),
                Dim.of(g.kernelH()), Dim.of(g.kernelW()))), "conv2d: weight " + in.get(1).shapeText());
        return Shapes.floats(List.of(x.dim(0), Dim.of(g.outChannels()), Dim.of(g.outHeight()), Dim.of(g.outWidth())));
    }

    @Override
    public List<Node> gradient(Gradients g, Node self, Node dOut) {
        Shapes.require(act == Act.NONE, "conv2d: gradients are taken before activations are fused");
        List<Node> grads = new ArrayList<>();
        grads.add(g.needs(self.input(0)) ? g.add(self, new Conv2dGradInput(geometry), dOut, self.input(1)) : null);
        grads.add(g.needs(self.input(1)) ? g.add(self, new Conv2dGradWeight(geometry), dOut, self.input(0)) : null);
        if (bias) {
            grads.add(g.needs(self.input(2)) ? g.add(self, new ChannelSum(), dOut) : null);
        }
        return grads;
    }

    @Override
    public void emit(Emitter e, Node self) {
        Node x = self.input(0);
        Node w = self.input(1);
        String b = bias ? e.array(self.input(2)) : "null";
        String kernel = geometry.keepsColumns(e, x) ? geometry.keepingKernel(e, x, self.label())
                : geometry.kernel(e, self.label());
        e.statement("$L.forward($L, $L, $L, $L, $L, $L, $L, $T.$L)", kernel, e.size(x.type().dim(0)),
                e.array(x), e.offset(x), e.array(w), b, e.array(self), e.offset(self), e.kernel("Activation"),
                act.name());
    }
}
