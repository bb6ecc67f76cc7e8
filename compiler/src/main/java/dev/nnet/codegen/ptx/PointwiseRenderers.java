package dev.nnet.codegen.ptx;

import dev.nnet.ir.Node;
import dev.nnet.ir.op.Pointwise;
import dev.nnet.types.Dim;
import java.util.ArrayList;
import java.util.List;

/** Element-wise kernels: one per (fused) expression, one thread per output element. */
final class PointwiseRenderers {
    private PointwiseRenderers() {
    }

    static void pointwise(Pointwise op, Node self, PtxEmitter e) {
        Kernel k = e.kernel("pointwise", "one thread per element: " + op.expr().text());
        List<String> pointers = new ArrayList<>();
        for (int j = 0; j < self.inputs().size(); j++) {
            pointers.add(e.pointer(k, self.input(j), "in" + j));
        }
        String out = e.pointer(k, self, "out");
        String count = k.size(e.count(self), "count");
        boolean flat = true;
        for (Node x : self.inputs()) {
            flat &= x.type().dims().equals(self.type().dims()) || x.type().numel().equals(Dim.of(1));
        }
        boolean scalarOut = self.type().numel().equals(Dim.of(1));
        boolean allFlat = flat;
        k.forEach(count, i -> {
            List<String> values = new ArrayList<>();
            for (int j = 0; j < self.inputs().size(); j++) {
                Node x = self.input(j);
                String index;
                if (allFlat) {
                    boolean scalar = x.type().numel().equals(Dim.of(1)) && !scalarOut;
                    index = scalar ? zero(k) : i;
                } else {
                    index = broadcastIndex(k, e, self.type().dims(), x.type().dims(), i);
                }
                values.add(k.load(pointers.get(j), index, "x" + j));
            }
            k.store(out, i, PtxExpressions.render(k, op.expr(), values));
        });
        e.launch(k, Launch.Grid.elements(e.count(self)));
    }

    private static String zero(Kernel k) {
        String r = k.reg("u32", "first");
        k.op("mov.u32 %s, 0;", r);
        return r;
    }

    /** The flat index into an input of shape {@code in} for flat output index {@code i} (NumPy broadcasting). */
    static String broadcastIndex(Kernel k, PtxEmitter e, List<Dim> out, List<Dim> in, String i) {
        String sum = k.reg("u32", "k");
        k.op("mov.u32 %s, 0;", sum);
        String outer = k.reg("u32", "outer");
        k.op("mov.u32 %s, 1;", outer);
        Dim inStride = Dim.of(1);
        for (int axis = out.size() - 1; axis >= 0; axis--) {
            int inAxis = axis - (out.size() - in.size());
            String size = e.sizeReg(k, out.get(axis), "size");
            if (inAxis >= 0 && !in.get(inAxis).equals(Dim.of(1))) {
                String coord = k.reg("u32", "coord");
                k.op("div.u32 %s, %s, %s;", coord, i, outer);
                k.op("rem.u32 %s, %s, %s;", coord, coord, size);
                String stride = e.sizeReg(k, inStride, "inStride");
                k.op("mad.lo.u32 %s, %s, %s, %s;", sum, coord, stride, sum);
            }
            if (inAxis >= 0) {
                inStride = inStride.times(in.get(inAxis));
            }
            k.op("mul.lo.u32 %s, %s, %s;", outer, outer, size);
        }
        return sum;
    }
}
