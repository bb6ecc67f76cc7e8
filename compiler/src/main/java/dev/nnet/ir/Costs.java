package dev.nnet.ir;

import dev.nnet.ir.op.Conv2d;
import dev.nnet.ir.op.Conv2dGradInput;
import dev.nnet.ir.op.Conv2dGradWeight;
import dev.nnet.ir.op.ConvGeometry;
import dev.nnet.ir.op.Linear;
import dev.nnet.ir.op.LinearGradInput;
import dev.nnet.ir.op.LinearGradWeight;
import dev.nnet.ir.op.Trait;
import dev.nnet.types.Dim;
import dev.nnet.types.TensorType;

/**
 * The work one node does, for profiles: floating-point operations of the GEMM-shaped ops (a multiply-add counts
 * two), and for every op the bytes of its operands and result, each at least once. Sizes stay symbolic in the batch.
 */
public final class Costs {
    /** Floating-point operations and bytes moved by one call. */
    public record Cost(Dim flops, Dim bytes) {
    }

    private Costs() {
    }

    public static Cost of(Node n) {
        if (n.op().has(Trait.ALIASES_INPUT)) {
            return new Cost(Dim.of(0), Dim.of(0));
        }
        Dim bytes = Dim.of(0);
        if (!n.op().has(Trait.EFFECT)) {
            bytes = bytes.plus(n.type().numel().times(4));
        }
        for (Node in : n.inputs()) {
            bytes = bytes.plus(in.type().numel().times(4));
        }
        return new Cost(flops(n), bytes);
    }

    private static Dim flops(Node n) {
        // Each linear pass is one GEMM: rows × (last axis of its first operand) × (the other size) multiply-adds.
        TensorType a = n.inputs().isEmpty() ? null : n.input(0).type();
        Dim other = n.op() instanceof Linear ? n.input(1).type().dim(0)
                : n.op() instanceof LinearGradInput ? n.input(1).type().dim(1)
                : n.op() instanceof LinearGradWeight ? n.input(1).type().dim(-1) : null;
        if (other != null) {
            return Shapes.product(a.dims(), 0, a.rank() - 1).times(a.dim(-1)).times(other).times(2);
        }
        ConvGeometry g = n.op() instanceof Conv2d c ? c.geometry() : n.op() instanceof Conv2dGradInput c
                ? c.geometry() : n.op() instanceof Conv2dGradWeight c ? c.geometry() : null;
        if (g == null) {
            return Dim.of(0);
        }
        // Every convolution pass is the forward's multiply-adds: out positions × (in channels / groups) × kernel.
        Dim batch = n.input(0).type().dim(0);
        long perSample = (long) g.outChannels() * g.outHeight() * g.outWidth() * (g.inChannels() / g.groups())
                * g.kernelH() * g.kernelW();
        return batch.times(perSample * 2);
    }
}
