package dev.nnet.codegen.ptx;

import dev.nnet.ir.Node;
import dev.nnet.ir.op.Dropout;
import dev.nnet.ir.op.DropoutGrad;

/**
 * Dropout multiplies by a scaled keep-mask, which its gradient multiplies by again. The host draws the mask from the
 * step's Rng exactly as the CPU trainer draws it and uploads it with the batch, so both see the same masks.
 */
final class DropoutRenderers {
    private DropoutRenderers() {
    }

    static void dropout(Dropout op, Node self, PtxEmitter e) {
        multiply(e, self.input(0), self, e.mask(self, op.p()), "y = x*mask, the mask drawn on the host");
    }

    /** Inputs dy and the dropout node, whose mask it reads. */
    static void dropoutGrad(DropoutGrad op, Node self, PtxEmitter e) {
        Node dropout = self.input(1);
        multiply(e, self.input(0), self, e.mask(dropout, ((Dropout) dropout.op()).p()), "dx = dy*mask");
    }

    private static void multiply(PtxEmitter e, Node x, Node self, DeviceBuffer mask, String why) {
        Kernel k = e.kernel("dropout", why);
        String in = e.pointer(k, x, "x");
        String m = e.pointer(k, mask, "mask");
        String out = e.pointer(k, self, "y");
        k.forEach(k.size(e.count(self), "count"), i -> k.store(out, i, PtxExpressions.binary(k, "mul.rn.f32",
                k.load(in, i, "v"), k.load(m, i, "keep"), "kept")));
        e.launch(k, Launch.Grid.elements(e.count(self)));
    }
}
