package dev.nnet.codegen.java;

import com.palantir.javapoet.CodeBlock;
import dev.nnet.ir.Node;
import dev.nnet.ir.op.ChannelSum;
import dev.nnet.ir.op.Conv2d;
import dev.nnet.ir.op.Conv2dGradInput;
import dev.nnet.ir.op.Conv2dGradWeight;
import dev.nnet.ir.op.ConvGeometry;
import dev.nnet.kernels.Activation;
import dev.nnet.kernels.Reduce;

/** The convolution family, on {@code dev.nnet.kernels.Conv2d} objects shared by a geometry's calls. */
final class ConvRenderers {
    private static final Class<?> KERNEL = dev.nnet.kernels.Conv2d.class;

    private ConvRenderers() {
    }

    static void conv2d(Conv2d op, Node self, JavaEmitter e) {
        Node x = self.input(0);
        String bias = op.bias() ? e.array(self.input(2)) : "null";
        String kernel = op.keepColumns() ? keepingKernel(e, op.geometry(), x, self.label())
                : kernel(e, op.geometry(), self.label());
        if (op.residual()) {
            Node residual = self.input(self.inputs().size() - 1);
            e.statement("$L.forward($L, $L, 0, $L, $L, $L, 0, $L, 0, $T.$L)", kernel, e.size(x.type().dim(0)),
                    e.array(x), e.array(self.input(1)), bias, e.array(residual), e.array(self), Activation.class,
                    op.act().name());
            return;
        }
        e.statement("$L.forward($L, $L, 0, $L, $L, $L, 0, $T.$L)", kernel, e.size(x.type().dim(0)), e.array(x),
                e.array(self.input(1)), bias, e.array(self), Activation.class, op.act().name());
    }

    /**
     * The data gradient runs on the layer's keeping kernel where the same graph takes the weight gradient from the
     * forward of the same dy: that kernel then reuses the dy the data gradient copied (into lanes), which
     * {@code Conv2d.backwardData} allows only if dy is unchanged between the two calls. It is: dy is one value, read
     * by both, and the memory plan gives no other value its buffer while it is live (PyTorchParityTest trains every
     * seed with the kernels' check of it on).
     */
    static void gradInput(Conv2dGradInput op, Node self, JavaEmitter e) {
        Node dy = self.input(0);
        Node weightGradient = e.users(dy).stream()
                .filter(u -> u.op() instanceof Conv2dGradWeight w && w.fromForward()
                        && w.geometry().equals(op.geometry()) && u.input(0) == dy)
                .findFirst().orElse(null);
        String kernel = weightGradient == null ? kernel(e, op.geometry(), self.label())
                : keepingKernel(e, op.geometry(), weightGradient.input(1), self.label());
        e.statement("$L.backwardData($L, $L, 0, $L, $L, 0)", kernel, e.size(dy.type().dim(0)), e.array(dy),
                e.array(self.input(1)), e.array(self));
    }

    static void gradWeight(Conv2dGradWeight op, Node self, JavaEmitter e) {
        Node dy = self.input(0);
        Node x = self.input(1);
        String dw = GemmRenderers.destination(op, self, e);
        boolean accumulate = op.into() != null;
        if (op.fromForward()) {
            e.statement("$L.backwardWeightFromForward($L, $L, 0, $L, null, $L)",
                    keepingKernel(e, op.geometry(), x, self.label()), e.size(dy.type().dim(0)), e.array(dy), dw,
                    accumulate);
            return;
        }
        e.statement("$L.backwardWeight($L, $L, 0, $L, 0, $L, null, $L)", kernel(e, op.geometry(), self.label()),
                e.size(dy.type().dim(0)), e.array(x), e.array(dy), dw, accumulate);
    }

    /** A bias gradient: in double, in one fixed order on the calling thread, a vector of lanes at a time. */
    static void channelSum(ChannelSum op, Node self, JavaEmitter e) {
        Node dy = self.input(0);
        long plane = dy.type().dim(2).times(dy.type().dim(3)).constant().orElseThrow();
        e.statement("$T.channelSums($L, $L, $L, $L, 0, $L, 0, $L)", Reduce.class, e.size(dy.type().dim(0)),
                e.size(dy.type().dim(1)), plane, e.array(dy), GemmRenderers.destination(op, self, e),
                op.into() != null);
    }

    /** The shared kernel object for this geometry. */
    private static String kernel(JavaEmitter e, ConvGeometry g, String hint) {
        return e.field("conv:" + g, hint + "Kernel", com.palantir.javapoet.ClassName.get(KERNEL),
                construct(e, g, ""));
    }

    /**
     * The kernel object of the forward convolutions of {@code x} with this geometry that keeps their column matrix,
     * for the weight gradient taken in the same graph. The columns depend only on x and the geometry, so such
     * convolutions can share it.
     */
    private static String keepingKernel(JavaEmitter e, ConvGeometry g, Node x, String hint) {
        return e.field(e.nodeKey(x, "conv-columns:" + g), hint + "ColumnsKernel",
                com.palantir.javapoet.ClassName.get(KERNEL), construct(e, g, ", true"));
    }

    private static CodeBlock construct(JavaEmitter e, ConvGeometry g, String extra) {
        return CodeBlock.of("new $T($L, $L, $L, $L, $L, $L, $L, $L, $L, $L, $L, $L, $L, $L$L)", KERNEL, e.maxBatch(),
                g.inChannels(), g.height(), g.width(), g.outChannels(), g.kernelH(), g.kernelW(), g.strideH(),
                g.strideW(), g.padH(), g.padW(), g.dilationH(), g.dilationW(), g.groups(), extra);
    }
}
