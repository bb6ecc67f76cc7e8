package dev.nnet.codegen.ptx;

import dev.nnet.ir.Node;
import dev.nnet.ir.Shapes;
import dev.nnet.ir.op.Concat;
import dev.nnet.ir.op.Reshape;
import dev.nnet.ir.op.Slice;
import dev.nnet.ir.op.SliceGrad;
import dev.nnet.ir.op.Transpose;
import dev.nnet.types.Dim;
import java.util.ArrayList;
import java.util.List;

/** Ops that only move data: reshapes (free where the plan aliases them), concatenation, slicing and transposes. */
final class LayoutRenderers {
    private LayoutRenderers() {
    }

    /** A reshape aliases its input's buffer; it copies only where the memory plan could not alias it. */
    static void reshape(Reshape op, Node self, PtxEmitter e) {
        Node x = self.input(0);
        if (e.bufferOf(x).key().equals(e.bufferOf(self).key())) {
            return;
        }
        Kernel k = e.kernel("copy", "the memory plan gave the reshape its own buffer: copy");
        String in = e.pointer(k, x, "x");
        String out = e.pointer(k, self, "y");
        k.forEach(k.size(e.count(self), "count"), i -> k.store(out, i, k.load(in, i, "v")));
        e.launch(k, Launch.Grid.elements(e.count(self)));
    }

    /**
     * One thread per output element: the outer index o and the offset r within the concatenated block pick the
     * input whose slab [start, start + width) holds r.
     */
    static void concat(Concat op, Node self, PtxEmitter e) {
        int axis = op.axis();
        List<Dim> out = self.type().dims();
        long outInner = e.size(Shapes.product(out, axis, out.size())).fixed();
        Kernel k = e.kernel("concat", "one thread per output element, copied from the input whose slab holds it");
        List<String> inputs = new ArrayList<>();
        for (int j = 0; j < self.inputs().size(); j++) {
            inputs.add(e.pointer(k, self.input(j), "in" + j));
        }
        String y = e.pointer(k, self, "y");
        k.forEach(k.size(e.count(self), "count"), i -> {
            String o = k.div(i, outInner, "o");
            String r = k.rem(i, outInner, "r");
            String done = k.label("copied");
            long start = 0;
            for (int j = 0; j < self.inputs().size(); j++) {
                List<Dim> d = self.input(j).type().dims();
                long width = e.size(Shapes.product(d, axis, d.size())).fixed();
                String next = k.label("notIn" + j);
                String outside = k.reg("pred", "outside");
                String local = k.reg("u32", "local");
                k.op("sub.u32 %s, %s, %d;", local, r, start);
                // r - start wraps to a large value below the slab, so one unsigned compare tests both ends.
                k.op("setp.ge.u32 %s, %s, %d;", outside, local, width);
                k.op("@%s bra %s;", outside, next);
                String from = k.mad(o, width, local, "from");
                k.store(y, i, k.load(inputs.get(j), from, "v"));
                k.op("bra.uni %s;", done);
                k.place(next);
                start += width;
            }
            k.place(done);
        });
        e.launch(k, Launch.Grid.elements(e.count(self)));
    }

    /** One thread per output element: element r of slab o is x's element r + start·inner of block o. */
    static void slice(Slice op, Node self, PtxEmitter e) {
        Node x = self.input(0);
        List<Dim> full = x.type().dims();
        Dim inner = Shapes.product(full, op.axis() + 1, full.size());
        Kernel k = e.kernel("slice", "one thread per output element, read from the slab [start, start + length) of"
                + " axis " + op.axis());
        String in = e.pointer(k, x, "x");
        String out = e.pointer(k, self, "y");
        String fullBlock = k.size(e.size(Shapes.product(full, op.axis(), full.size())), "fullBlock");
        String slabBlock = k.size(e.size(op.length().times(inner)), "slabBlock");
        String start = k.size(e.size(op.start().times(inner)), "start");
        k.forEach(k.size(e.count(self), "count"), i -> {
            String o = k.reg("u32", "o");
            String r = k.reg("u32", "r");
            k.op("div.u32 %s, %s, %s;", o, i, slabBlock);
            k.op("rem.u32 %s, %s, %s;", r, i, slabBlock);
            String from = k.reg("u32", "from");
            k.op("mad.lo.u32 %s, %s, %s, %s;", from, o, fullBlock, r);
            k.op("add.u32 %s, %s, %s;", from, from, start);
            k.store(out, i, k.load(in, from, "v"));
        });
        e.launch(k, Launch.Grid.elements(e.count(self)));
    }

    /** One thread per element of dx: dy inside the slab [start, start + size) of the axis, zero elsewhere. */
    static void sliceGrad(SliceGrad op, Node self, PtxEmitter e) {
        Node dy = self.input(0);
        List<Dim> full = self.type().dims();
        Dim inner = Shapes.product(full, op.axis() + 1, full.size());
        Kernel k = e.kernel("slice_grad", "one thread per element of dx: dy inside the slab, zero elsewhere");
        String in = e.pointer(k, dy, "dy");
        String out = e.pointer(k, self, "dx");
        String fullBlock = k.size(e.size(Shapes.product(full, op.axis(), full.size())), "fullBlock");
        String slabBlock = k.size(e.size(dy.type().dim(op.axis()).times(inner)), "slabBlock");
        String start = k.size(e.size(op.start().times(inner)), "start");
        k.forEach(k.size(e.count(self), "count"), i -> {
            String o = k.reg("u32", "o");
            String local = k.reg("u32", "local");
            k.op("div.u32 %s, %s, %s;", o, i, fullBlock);
            k.op("rem.u32 %s, %s, %s;", local, i, fullBlock);
            k.op("sub.u32 %s, %s, %s;", local, local, start);
            String inside = k.reg("pred", "inside");
            // below the slab the difference wraps to a large value: one unsigned compare tests both ends
            k.op("setp.lt.u32 %s, %s, %s;", inside, local, slabBlock);
            String from = k.reg("u32", "from");
            k.op("mad.lo.u32 %s, %s, %s, %s;", from, o, slabBlock, local);
            String v = k.reg("f32", "v");
            k.op("mov.f32 %s, %s;", v, Kernel.f32(0f));
            k.op("@%s ld.global.f32 %s, [%s];", inside, v, k.address(in, from));
            k.store(out, i, v);
        });
        e.launch(k, Launch.Grid.elements(e.count(self)));
    }

    /**
     * One thread per output element, as kernels/Transpose views it: x is [outer, rows, mid, cols, inner] and y
     * [outer, cols, mid, rows, inner]. Writes are consecutive; reads stride by mid·cols·inner (untiled: these
     * tensors are small next to the GEMMs around them).
     */
    static void transpose(Transpose op, Node self, PtxEmitter e) {
        Node x = self.input(0);
        List<Dim> d = x.type().dims();
        int a = op.first();
        int b = op.second();
        Kernel k = e.kernel("transpose", "one thread per output element: axes " + a + " and " + b + " swapped");
        String in = e.pointer(k, x, "x");
        String out = e.pointer(k, self, "y");
        Size rows = e.size(d.get(a));
        Size mid = e.size(Shapes.product(d, a + 1, b));
        Size cols = e.size(d.get(b));
        Size inner = e.size(Shapes.product(d, b + 1, d.size()));
        List<Size> yExtents = List.of(inner, rows, mid, cols);
        List<String> names = List.of("j", "r", "m", "c");
        List<String> extents = yExtents.stream().map(s -> extent(k, s)).toList();
        k.forEach(k.size(e.count(self), "count"), i -> {
            // i = (((o·cols + c)·mid + m)·rows + r)·inner + j: peel j, r, m, c from the inside; o is what remains
            List<String> index = new ArrayList<>();
            String rest = i;
            for (int q = 0; q < 4; q++) {
                if (extents.get(q) == null) {
                    index.add(null);
                    continue;
                }
                String at = k.reg("u32", names.get(q));
                String next = k.reg("u32", "rest");
                k.op("rem.u32 %s, %s, %s;", at, rest, extents.get(q));
                k.op("div.u32 %s, %s, %s;", next, rest, extents.get(q));
                index.add(at);
                rest = next;
            }
            // from = (((o·rows + r)·mid + m)·cols + c)·inner + j
            String from = rest;
            for (int q : new int[] {1, 2, 3, 0}) {
                if (extents.get(q) != null) {
                    String sum = k.reg("u32", "from");
                    k.op("mad.lo.u32 %s, %s, %s, %s;", sum, from, extents.get(q), index.get(q));
                    from = sum;
                }
            }
            k.store(out, i, k.load(in, from, "v"));
        });
        e.launch(k, Launch.Grid.elements(e.count(self)));
    }

    /** An extent as an operand: the number when it is fixed, a register when it grows with n, null for 1. */
    private static String extent(Kernel k, Size s) {
        if (s.constant()) {
            return s.fixed() == 1 ? null : Long.toString(s.fixed());
        }
        return k.size(s, "extent");
    }
}
