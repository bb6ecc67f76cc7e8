package dev.nnet.codegen.ptx;

import dev.nnet.ir.Node;
import dev.nnet.ir.op.PExpr;
import dev.nnet.ir.op.Pool2d;
import dev.nnet.ir.op.Pool2dGrad;
import dev.nnet.ir.op.PoolGeometry;
import java.util.function.BiConsumer;

/**
 * Max and average pooling with the CPU kernel's (ATen's) rules: a max window scans in order from -inf and takes a
 * value greater than the maximum so far or NaN, keeping its in-plane index for the backward pass; an average
 * window's divisor counts the padding (clipped to the padded image) or only the image. One thread per output
 * element forward; max backward scatters with atomics into zeroed dx, average backward gathers per input element.
 * A max pooling with a fused ReLU applies it to each output, and its gradient masks dy by that output first; a
 * max pooling's gradient with a second dy adds it to the first before that.
 */
final class PoolRenderers {
    private PoolRenderers() {
    }

    static void pool(Pool2d op, Node self, PtxEmitter e) {
        PoolGeometry g = op.geometry();
        Node x = self.input(0);
        Kernel k = e.kernel(g.max() ? "max_pool" : "avg_pool", "one thread per output element, window "
                + g.kernelH() + "x" + g.kernelW() + " stride " + g.strideH() + "x" + g.strideW() + " padding "
                + g.padH() + "x" + g.padW());
        String in = e.pointer(k, x, "x");
        String out = e.pointer(k, self, "y");
        String indices = g.max() ? e.pointer(k, indices(e, self), "argmax") : null;
        long outPlane = (long) g.outHeight() * g.outWidth();
        long inPlane = (long) g.height() * g.width();
        k.forEach(k.size(e.count(self), "count"), o -> {
            String plane = k.div(o, outPlane, "plane");
            String q = k.rem(o, outPlane, "q");
            String oh = k.div(q, g.outWidth(), "oh");
            String ow = k.rem(q, g.outWidth(), "ow");
            String base = k.reg("u32", "planeBase");
            k.op("mul.lo.u32 %s, %s, %d;", base, plane, inPlane);
            Window h = window(k, oh, g.strideH(), g.padH(), g.kernelH(), g.height(), "h");
            Window w = window(k, ow, g.strideW(), g.padW(), g.kernelW(), g.width(), "w");
            String result;
            if (g.max()) {
                result = maxWindow(k, in, base, h, w, g.width(), indices, o);
                if (op.relu()) {
                    result = PtxExpressions.fn1(k, PExpr.Fn1.RELU, result);
                }
            } else {
                result = avgWindow(k, in, base, h, w, g.width(), inverse(k, oh, ow, g));
            }
            k.store(out, o, result);
        });
        e.launch(k, Launch.Grid.elements(e.count(self)));
    }

    /** Inputs dy and the forward pooling node, whose argmax indices max pooling reads. */
    static void poolGrad(Pool2dGrad op, Node self, PtxEmitter e) {
        PoolGeometry g = op.geometry();
        Node dy = self.input(0);
        long outPlane = (long) g.outHeight() * g.outWidth();
        long inPlane = (long) g.height() * g.width();
        if (g.max()) {
            Kernel zero = e.kernel("zero", "dx starts from zero; the scatter adds into it");
            String z = e.pointer(zero, self, "dx");
            zero.forEach(zero.size(e.count(self), "count"), i -> zero.store(z, i, Kernel.f32(0f)));
            e.launch(zero, Launch.Grid.elements(e.count(self)));
            Kernel k = e.kernel("max_pool_grad", "one thread per output element adds dy at its argmax (atomics: "
                    + "windows may overlap)");
            String in = e.pointer(k, dy, "dy");
            String at = e.pointer(k, indices(e, self.input(1)), "argmax");
            String out = e.pointer(k, self, "dx");
            String pooled = op.relu() ? e.pointer(k, self.input(1), "y") : null;
            String second = self.inputs().size() == 3 ? e.pointer(k, self.input(2), "dyAdd") : null;
            k.forEach(k.size(e.count(dy), "count"), o -> {
                String plane = k.div(o, outPlane, "plane");
                String index = k.loadInt(at, o, "index");
                String target = k.reg("u32", "target");
                k.op("mad.lo.u32 %s, %s, %d, %s;", target, plane, inPlane, index);
                String v = k.load(in, o, "v");
                if (second != null) {
                    // a second gradient of the pooled value, added first as the fused add loop did
                    v = PtxExpressions.fn2(k, PExpr.Fn2.ADD, v, k.load(second, o, "w"));
                }
                if (pooled != null) {
                    // the fused ReLU's gradient: dy where the pooled output is positive, as relu_grad masks it
                    v = PtxExpressions.fn2(k, PExpr.Fn2.RELU_GRAD, v, k.load(pooled, o, "y"));
                }
                String ignored = k.reg("f32", "before");
                k.op("atom.global.add.f32 %s, [%s], %s;", ignored, k.address(out, target), v);
            });
            e.launch(k, Launch.Grid.elements(e.count(dy)));
            return;
        }
        Kernel k = e.kernel("avg_pool_grad", "one thread per input element gathers dy/divisor of the windows that"
                + " cover it");
        String in = e.pointer(k, dy, "dy");
        String out = e.pointer(k, self, "dx");
        k.forEach(k.size(e.count(self), "count"), i -> {
            String plane = k.div(i, inPlane, "plane");
            String pixel = k.rem(i, inPlane, "pixel");
            String h = k.div(pixel, g.width(), "h");
            String w = k.rem(pixel, g.width(), "w");
            String[] rows = covering(k, h, g.strideH(), g.padH(), g.kernelH(), g.outHeight(), "oh");
            String[] cols = covering(k, w, g.strideW(), g.padW(), g.kernelW(), g.outWidth(), "ow");
            String sum = k.reg("f32", "sum");
            k.op("mov.f32 %s, %s;", sum, Kernel.f32(0f));
            String oh = k.reg("u32", "oh");
            String ow = k.reg("u32", "ow");
            String stop = k.reg("pred", "stop");
            String rowTop = k.label("outRow");
            String rowsDone = k.label("outRowsDone");
            String colTop = k.label("outCol");
            String colsDone = k.label("outColsDone");
            k.op("mov.u32 %s, %s;", oh, rows[0]);
            k.place(rowTop);
            k.op("setp.ge.s32 %s, %s, %s;", stop, oh, rows[1]);
            k.op("@%s bra %s;", stop, rowsDone);
            k.op("mov.u32 %s, %s;", ow, cols[0]);
            k.place(colTop);
            k.op("setp.ge.s32 %s, %s, %s;", stop, ow, cols[1]);
            k.op("@%s bra %s;", stop, colsDone);
            String q = k.mad(plane, outPlane, ow, "q");
            k.op("mad.lo.u32 %s, %s, %d, %s;", q, oh, g.outWidth(), q);
            String v = k.load(in, q, "v");
            String scaled = k.reg("f32", "scaled");
            k.op("mul.rn.f32 %s, %s, %s;", scaled, v, inverse(k, oh, ow, g));
            k.op("add.rn.f32 %s, %s, %s;", sum, sum, scaled);
            k.op("add.u32 %s, %s, 1;", ow, ow);
            k.op("bra.uni %s;", colTop);
            k.place(colsDone);
            k.op("add.u32 %s, %s, 1;", oh, oh);
            k.op("bra.uni %s;", rowTop);
            k.place(rowsDone);
            k.store(out, i, sum);
        });
        e.launch(k, Launch.Grid.elements(e.count(self)));
    }

    /** The int argmax positions a max pooling node fills, one per output element. */
    private static DeviceBuffer indices(PtxEmitter e, Node pool) {
        return e.workspace(e.nodeKey(pool, "indices"), pool.label() + "Argmax", true, e.count(pool));
    }

    /** A window's clipped range [from, to) along one axis, signed. */
    private record Window(String from, String to) {
    }

    private static Window window(Kernel k, String o, int stride, int pad, int kernel, int size, String hint) {
        String from = k.reg("s32", hint + "0");
        k.op("mul.lo.s32 %s, %s, %d;", from, o, stride);
        k.op("sub.s32 %s, %s, %d;", from, from, pad);
        String to = k.reg("s32", hint + "1");
        k.op("add.s32 %s, %s, %d;", to, from, kernel);
        k.op("min.s32 %s, %s, %d;", to, to, size);
        k.op("max.s32 %s, %s, 0;", from, from);
        return new Window(from, to);
    }

    /** ATen's scan: greater than the maximum so far, or NaN, takes the place; the first of equal maxima wins. */
    private static String maxWindow(Kernel k, String in, String base, Window h, Window w, int width, String indices,
                                    String o) {
        String max = k.reg("f32", "max");
        k.op("mov.f32 %s, %s;", max, Kernel.f32(Float.NEGATIVE_INFINITY));
        String best = k.reg("s32", "best");
        k.op("mad.lo.s32 %s, %s, %d, %s;", best, h.from(), width, w.from());
        forEachTap(k, h, w, (row, col) -> {
            String at = k.reg("s32", "at");
            k.op("mad.lo.s32 %s, %s, %d, %s;", at, row, width, col);
            String index = k.reg("u32", "index");
            k.op("add.u32 %s, %s, %s;", index, base, at);
            String v = k.load(in, index, "v");
            String take = k.reg("pred", "take");
            String nan = k.reg("pred", "nan");
            k.op("setp.gt.f32 %s, %s, %s;", take, v, max);
            k.op("setp.nan.f32 %s, %s, %s;", nan, v, v);
            k.op("or.pred %s, %s, %s;", take, take, nan);
            k.op("@%s mov.f32 %s, %s;", take, max, v);
            k.op("@%s mov.s32 %s, %s;", take, best, at);
        });
        k.op("st.global.s32 [%s], %s;", k.address(indices, o), best);
        // y is x at the chosen position, as the CPU kernel writes it (the scan's max equals it but for -inf windows).
        String chosen = k.reg("u32", "chosen");
        k.op("add.u32 %s, %s, %s;", chosen, base, best);
        return k.load(in, chosen, "y");
    }

    private static String avgWindow(Kernel k, String in, String base, Window h, Window w, int width,
                                    String inverse) {
        String sum = k.reg("f32", "sum");
        k.op("mov.f32 %s, %s;", sum, Kernel.f32(0f));
        forEachTap(k, h, w, (row, col) -> {
            String index = k.reg("u32", "index");
            k.op("mad.lo.s32 %s, %s, %d, %s;", index, row, width, col);
            k.op("add.u32 %s, %s, %s;", index, index, base);
            String v = k.load(in, index, "v");
            k.op("add.rn.f32 %s, %s, %s;", sum, sum, v);
        });
        String y = k.reg("f32", "average");
        k.op("mul.rn.f32 %s, %s, %s;", y, sum, inverse);
        return y;
    }

    /** Emits the loop over a window's rows h.from() until h.to() and columns likewise; body gets (row, col). */
    private static void forEachTap(Kernel k, Window h, Window w, BiConsumer<String, String> body) {
        String row = k.reg("s32", "row");
        String col = k.reg("s32", "col");
        String stop = k.reg("pred", "stop");
        String rowTop = k.label("windowRow");
        String rowsDone = k.label("windowRowsDone");
        String colTop = k.label("windowCol");
        String colsDone = k.label("windowColsDone");
        k.op("mov.s32 %s, %s;", row, h.from());
        k.place(rowTop);
        k.op("setp.ge.s32 %s, %s, %s;", stop, row, h.to());
        k.op("@%s bra %s;", stop, rowsDone);
        k.op("mov.s32 %s, %s;", col, w.from());
        k.place(colTop);
        k.op("setp.ge.s32 %s, %s, %s;", stop, col, w.to());
        k.op("@%s bra %s;", stop, colsDone);
        body.accept(row, col);
        k.op("add.s32 %s, %s, 1;", col, col);
        k.op("bra.uni %s;", colTop);
        k.place(colsDone);
        k.op("add.s32 %s, %s, 1;", row, row);
        k.op("bra.uni %s;", rowTop);
        k.place(rowsDone);
    }

    /**
     * 1/divisor of output (oh, ow), as the CPU kernel precomputes it: the window clipped to the padded image counts
     * with count_include_pad, clipped to the image without; 0 for a window that misses the image.
     */
    private static String inverse(Kernel k, String oh, String ow, PoolGeometry g) {
        String[] rows = extent(k, oh, g.strideH(), g.padH(), g.kernelH(), g.height(), "rows");
        String[] cols = extent(k, ow, g.strideW(), g.padW(), g.kernelW(), g.width(), "cols");
        String divisor = k.reg("s32", "divisor");
        int which = g.countIncludePad() ? 0 : 1;
        k.op("mul.lo.s32 %s, %s, %s;", divisor, rows[which], cols[which]);
        String d = k.reg("f32", "divisorF");
        k.op("cvt.rn.f32.s32 %s, %s;", d, divisor);
        String inv = k.reg("f32", "inverse");
        k.op("rcp.rn.f32 %s, %s;", inv, d);
        String empty = k.reg("pred", "empty");
        String emptyCols = k.reg("pred", "emptyCols");
        k.op("setp.le.s32 %s, %s, 0;", empty, rows[1]);
        k.op("setp.le.s32 %s, %s, 0;", emptyCols, cols[1]);
        k.op("or.pred %s, %s, %s;", empty, empty, emptyCols);
        k.op("@%s mov.f32 %s, %s;", empty, inv, Kernel.f32(0f));
        return inv;
    }

    /** {padded extent, extent inside the image} of a window along one axis. */
    private static String[] extent(Kernel k, String o, int stride, int pad, int kernel, int size, String hint) {
        String from = k.reg("s32", hint + "From");
        k.op("mul.lo.s32 %s, %s, %d;", from, o, stride);
        k.op("sub.s32 %s, %s, %d;", from, from, pad);
        String to = k.reg("s32", hint + "To");
        k.op("add.s32 %s, %s, %d;", to, from, kernel);
        k.op("min.s32 %s, %s, %d;", to, to, size + pad);
        String padded = k.reg("s32", hint + "Padded");
        k.op("sub.s32 %s, %s, %s;", padded, to, from);
        String inFrom = k.reg("s32", hint + "InFrom");
        String inTo = k.reg("s32", hint + "InTo");
        k.op("max.s32 %s, %s, 0;", inFrom, from);
        k.op("min.s32 %s, %s, %d;", inTo, to, size);
        String inside = k.reg("s32", hint + "Inside");
        k.op("sub.s32 %s, %s, %s;", inside, inTo, inFrom);
        return new String[] {padded, inside};
    }

    /** The outputs [from, to) along one axis whose windows cover input position i: o·s - p <= i < o·s - p + k. */
    private static String[] covering(Kernel k, String i, int stride, int pad, int kernel, int outSize, String hint) {
        String t = k.reg("s32", hint + "Low");
        k.op("add.s32 %s, %s, %d;", t, i, pad - kernel + 1);
        k.op("max.s32 %s, %s, 0;", t, t);
        String from = k.reg("s32", hint + "From");
        k.op("add.s32 %s, %s, %d;", from, t, stride - 1);
        k.op("div.s32 %s, %s, %d;", from, from, stride);
        String to = k.reg("s32", hint + "To");
        k.op("add.s32 %s, %s, %d;", to, i, pad);
        k.op("div.s32 %s, %s, %d;", to, to, stride);
        k.op("add.s32 %s, %s, 1;", to, to);
        k.op("min.s32 %s, %s, %d;", to, to, outSize);
        return new String[] {from, to};
    }
}
