package dev.nnet.codegen.ptx;

import dev.nnet.ir.Node;
import dev.nnet.ir.op.Act;
import dev.nnet.ir.op.Conv2d;
import dev.nnet.ir.op.Conv2dGradInput;
import dev.nnet.ir.op.Conv2dGradWeight;
import dev.nnet.ir.op.ConvGeometry;

/**
 * Convolution as im2col + {@link GemmKernel}, batched over samples × groups in the grid's z; the input gradient
 * as a transposed GEMM into columns + col2im (a gather: each input element sums the columns it fed, no atomics);
 * the weight gradient as a GEMM summed over samples. Columns are [C·kh·kw, OH·OW] per sample, group g owning rows
 * [g·Kg, (g+1)·Kg); a forward marked keep_columns keeps them for its weight gradient, as the CPU kernel does.
 */
final class ConvRenderers {
    private ConvRenderers() {
    }

    /** The sizes every kernel of one geometry needs. */
    private record Dims(ConvGeometry g, long plane, long rows, long groupRows, long groupOut) {
        static Dims of(ConvGeometry g) {
            long rows = (long) g.inChannels() * g.kernelH() * g.kernelW();
            return new Dims(g, (long) g.outHeight() * g.outWidth(), rows, rows / g.groups(),
                    g.outChannels() / g.groups());
        }

        Size columns() {
            return new Size(rows * plane, 0);
        }
    }

    static void conv2d(Conv2d op, Node self, PtxEmitter e) {
        Node x = self.input(0);
        Dims d = Dims.of(op.geometry());
        DeviceBuffer columns = op.keepColumns() ? kept(e, x, d) : scratch(e, d);
        im2col(e, x, columns, d);
        ConvGeometry g = d.g();
        GemmKernel.Spec spec = new GemmKernel.Spec(false, false, Size.of(d.groupOut()), Size.of(d.plane()),
                Size.of(d.groupRows()), d.groupRows(), d.plane(), d.plane(), false,
                op.bias() ? GemmKernel.Bias.ROW : GemmKernel.Bias.NONE, op.act(), new Size(g.groups(), 0),
                g.groups(), 0, d.groupOut() * d.groupRows(), d.rows() * d.plane(), d.groupRows() * d.plane(),
                (long) g.outChannels() * d.plane(), d.groupOut() * d.plane(), d.groupOut(), Size.of(1), 0, 0, 1);
        Kernel k = e.kernel("gemm", "y[s, g] = w[g]*columns[s, g]" + (op.bias() ? " + b" : "")
                + (op.residual() ? " + residual" : "")
                + (op.act() == Act.NONE ? "" : ", " + op.act().text()) + "; grid z: samples x groups");
        String a = e.pointer(k, self.input(1), "w");
        String b = e.pointer(k, columns, "columns");
        String c = e.pointer(k, self, "y");
        String bias = op.bias() ? e.pointer(k, self.input(2), "bias") : null;
        String residual = op.residual() ? e.pointer(k, self.input(self.inputs().size() - 1), "residual") : null;
        GemmKernel.write(k, spec, a, b, c, bias, residual, null);
        e.launch(k, spec.grid());
    }

    static void gradInput(Conv2dGradInput op, Node self, PtxEmitter e) {
        Node dy = self.input(0);
        Dims d = Dims.of(op.geometry());
        ConvGeometry g = d.g();
        DeviceBuffer columns = scratch(e, d);
        GemmKernel.Spec spec = new GemmKernel.Spec(true, false, Size.of(d.groupRows()), Size.of(d.plane()),
                Size.of(d.groupOut()), d.groupRows(), d.plane(), d.plane(), false, GemmKernel.Bias.NONE, Act.NONE,
                new Size(g.groups(), 0), g.groups(), 0, d.groupOut() * d.groupRows(),
                (long) g.outChannels() * d.plane(), d.groupOut() * d.plane(), d.rows() * d.plane(),
                d.groupRows() * d.plane(), 0, Size.of(1), 0, 0, 1);
        Kernel k = e.kernel("gemm", "columns[s, g] = w[g]^T*dy[s, g]; grid z: samples x groups");
        String a = e.pointer(k, self.input(1), "w");
        String b = e.pointer(k, dy, "dy");
        String c = e.pointer(k, columns, "columns");
        GemmKernel.write(k, spec, a, b, c, null);
        e.launch(k, spec.grid());
        col2im(e, self, columns, d);
    }

    static void gradWeight(Conv2dGradWeight op, Node self, PtxEmitter e) {
        Node dy = self.input(0);
        Node x = self.input(1);
        Dims d = Dims.of(op.geometry());
        ConvGeometry g = d.g();
        DeviceBuffer columns;
        if (op.fromForward()) {
            columns = kept(e, x, d);
        } else {
            columns = scratch(e, d);
            im2col(e, x, columns, d);
        }
        boolean accumulate = op.into() != null;
        DeviceBuffer dw = GemmRenderers.destination(op, self, e);
        long weights = (long) g.outChannels() * d.groupRows();
        // A sum over every sample of a long product is few output tiles doing a long serial loop: split it into
        // chunks of samples (as many as keep ~128 blocks busy), each into its own partial, then add them in order.
        long tiles = g.groups() * ((d.groupOut() + GemmKernel.TILE - 1) / GemmKernel.TILE)
                * ((d.groupRows() + GemmKernel.TILE - 1) / GemmKernel.TILE);
        int chunks = (int) Math.max(1, Math.min(64, 128 / tiles));
        DeviceBuffer target = chunks == 1 ? dw : e.workspace("partials", "partials", false, Size.of(chunks * weights));
        GemmKernel.Spec spec = new GemmKernel.Spec(false, true, Size.of(d.groupOut()), Size.of(d.groupRows()),
                Size.of(d.plane()), d.plane(), d.plane(), d.groupRows(), accumulate && chunks == 1,
                GemmKernel.Bias.NONE, Act.NONE, Size.of((long) chunks * g.groups()), g.groups(), 0,
                d.groupOut() * d.plane(), 0, d.groupRows() * d.plane(), chunks == 1 ? 0 : weights,
                d.groupOut() * d.groupRows(), 0, new Size(1, 0), (long) g.outChannels() * d.plane(),
                d.rows() * d.plane(), chunks);
        Kernel k = e.kernel("gemm", "dw[g] = sum over samples s of dy[s, g]*columns[s, g]^T"
                + (op.fromForward() ? " (the forward's columns)" : "")
                + (chunks == 1 ? (accumulate ? ", added to " + op.into() + ".grad" : "")
                : " in " + chunks + " chunks of samples, each into its own partial") + "; grid z: "
                + (chunks == 1 ? "groups" : "chunks x groups"));
        String a = e.pointer(k, dy, "dy");
        String b = e.pointer(k, columns, "columns");
        String c = e.pointer(k, target, chunks == 1 ? "dw" : "partials");
        GemmKernel.write(k, spec, a, b, c, null);
        e.launch(k, spec.grid());
        if (chunks > 1) {
            sumPartials(e, target, dw, chunks, weights, accumulate, op.into());
        }
    }

    /** dw (+)= the sum of the chunks' partials, in chunk order: one thread per weight. */
    private static void sumPartials(PtxEmitter e, DeviceBuffer partials, DeviceBuffer dw, int chunks, long weights,
                                    boolean accumulate, String into) {
        Kernel k = e.kernel("sum_partials", "dw = the " + chunks + " chunks' partial sums added in order"
                + (accumulate ? ", added to " + into + ".grad" : ""));
        String in = e.pointer(k, partials, "partials");
        String out = e.pointer(k, dw, "dw");
        k.forEach(k.size(Size.of(weights), "count"), i -> {
            String sum = k.reg("f32", "sum");
            k.op("mov.f32 %s, %s;", sum, Kernel.f32(0f));
            String at = k.reg("u32", "at");
            k.op("mov.u32 %s, %s;", at, i);
            String end = k.reg("u32", "end");
            k.op("add.u32 %s, %s, %d;", end, i, chunks * weights);
            String top = k.label("chunk");
            k.place(top);
            String v = k.load(in, at, "v");
            k.op("add.rn.f32 %s, %s, %s;", sum, sum, v);
            k.op("add.u32 %s, %s, %d;", at, at, weights);
            String more = k.reg("pred", "more");
            k.op("setp.lt.u32 %s, %s, %s;", more, at, end);
            k.op("@%s bra %s;", more, top);
            if (accumulate) {
                k.op("add.rn.f32 %s, %s, %s;", sum, k.load(out, i, "old"), sum);
            }
            k.store(out, i, sum);
        });
        e.launch(k, Launch.Grid.elements(Size.of(weights)));
    }

    /** The columns a keep_columns forward of {@code x} leaves for the weight gradient of the same graph. */
    private static DeviceBuffer kept(PtxEmitter e, Node x, Dims d) {
        String key = e.nodeKey(x, "columns:" + d.g().text() + ":" + d.g().outChannels());
        return e.workspace(key, x.label() + "Columns", false, d.columns());
    }

    /** Columns used and dropped within one op: one workspace shared by all of them, sized for the largest. */
    private static DeviceBuffer scratch(PtxEmitter e, Dims d) {
        return e.workspace("columns", "columns", false, d.columns());
    }

    /** One thread per column element of the whole batch; zero where the window reads padding. */
    private static void im2col(PtxEmitter e, Node x, DeviceBuffer columns, Dims d) {
        ConvGeometry g = d.g();
        Kernel k = e.kernel("im2col", "columns[s][(c*kh + i)*kw + j][oh*OW + ow] = x[s][c][oh*sh - ph + i*dh]"
                + "[ow*sw - pw + j*dw], zero in the padding; one thread per column element");
        String in = e.pointer(k, x, "x");
        String out = e.pointer(k, columns, "columns");
        Size count = d.columns();
        long window = (long) g.kernelH() * g.kernelW();
        k.forEach(k.size(count, "count"), i -> {
            String sample = k.div(i, d.rows() * d.plane(), "sample");
            String within = k.rem(i, d.rows() * d.plane(), "within");
            String row = k.div(within, d.plane(), "row");
            String p = k.rem(within, d.plane(), "p");
            String c = k.div(row, window, "c");
            String tap = k.rem(row, window, "tap");
            String ki = k.div(tap, g.kernelW(), "ki");
            String kj = k.rem(tap, g.kernelW(), "kj");
            String oh = k.div(p, g.outWidth(), "oh");
            String ow = k.rem(p, g.outWidth(), "ow");
            String ih = position(k, oh, g.strideH(), ki, g.dilationH(), g.padH(), "ih");
            String iw = position(k, ow, g.strideW(), kj, g.dilationW(), g.padW(), "iw");
            String inside = k.reg("pred", "inside");
            String inW = k.reg("pred", "inW");
            // A negative position is a large unsigned one, so one unsigned compare checks both ends.
            k.op("setp.lt.u32 %s, %s, %d;", inside, ih, g.height());
            k.op("setp.lt.u32 %s, %s, %d;", inW, iw, g.width());
            k.op("and.pred %s, %s, %s;", inside, inside, inW);
            String plane = k.mad(sample, g.inChannels(), c, "plane");
            String r = k.mad(plane, g.height(), ih, "inRow");
            String at = k.mad(r, g.width(), iw, "at");
            String v = k.reg("f32", "v");
            k.op("mov.f32 %s, %s;", v, Kernel.f32(0f));
            k.op("@%s ld.global.f32 %s, [%s];", inside, v, k.address(in, at));
            k.store(out, i, v);
        });
        e.launch(k, Launch.Grid.elements(count));
    }

    /** {@code o·stride - pad + t·dilation} as a signed value in a u32 register. */
    private static String position(Kernel k, String o, int stride, String t, int dilation, int pad, String hint) {
        String r = k.reg("u32", hint);
        k.op("mul.lo.u32 %s, %s, %d;", r, o, stride);
        k.op("mad.lo.u32 %s, %s, %d, %s;", r, t, dilation, r);
        k.op("sub.u32 %s, %s, %d;", r, r, pad);
        return r;
    }

    /**
     * dx: one thread per input element, summing the column entries its windows read: for tap (i, j) the output
     * position is ((ih + ph - i·dh) / sh, (iw + pw - j·dw) / sw) where that divides exactly and lies inside.
     */
    private static void col2im(PtxEmitter e, Node self, DeviceBuffer columns, Dims d) {
        ConvGeometry g = d.g();
        Kernel k = e.kernel("col2im", "dx[s][c][ih][iw] = sum of the column entries that read it; one thread per"
                + " input element, a gather, so no atomics and a fixed order");
        String in = e.pointer(k, columns, "columns");
        String out = e.pointer(k, self, "dx");
        Size count = e.count(self);
        long image = (long) g.height() * g.width();
        k.forEach(k.size(count, "count"), idx -> {
            String plane = k.div(idx, image, "plane");
            String sample = k.div(plane, g.inChannels(), "sample");
            String c = k.rem(plane, g.inChannels(), "c");
            String pixel = k.rem(idx, image, "pixel");
            String ih = k.div(pixel, g.width(), "ih");
            String iw = k.rem(pixel, g.width(), "iw");
            String base = k.reg("u32", "sampleBase");
            k.op("mul.lo.u32 %s, %s, %d;", base, sample, d.rows() * d.plane());
            String sum = k.reg("f32", "sum");
            k.op("mov.f32 %s, %s;", sum, Kernel.f32(0f));
            String ki = k.reg("u32", "ki");
            k.op("mov.u32 %s, 0;", ki);
            String rowTop = k.label("tapRow");
            String rowNext = k.label("tapRowNext");
            String rowsDone = k.label("tapRowsDone");
            String stop = k.reg("pred", "stop");
            k.place(rowTop);
            k.op("setp.ge.u32 %s, %s, %d;", stop, ki, g.kernelH());
            k.op("@%s bra %s;", stop, rowsDone);
            String oh = outputPosition(k, ih, g.padH(), ki, g.dilationH(), g.strideH(), g.outHeight(), rowNext, "oh");
            String kj = k.reg("u32", "kj");
            k.op("mov.u32 %s, 0;", kj);
            String colTop = k.label("tapCol");
            String colNext = k.label("tapColNext");
            String colsDone = k.label("tapColsDone");
            k.place(colTop);
            k.op("setp.ge.u32 %s, %s, %d;", stop, kj, g.kernelW());
            k.op("@%s bra %s;", stop, colsDone);
            String ow = outputPosition(k, iw, g.padW(), kj, g.dilationW(), g.strideW(), g.outWidth(), colNext, "ow");
            String row = k.mad(c, g.kernelH(), ki, "row");
            k.op("mad.lo.u32 %s, %s, %d, %s;", row, row, g.kernelW(), kj);
            String p = k.mad(oh, g.outWidth(), ow, "p");
            String at = k.mad(row, d.plane(), p, "at");
            k.op("add.u32 %s, %s, %s;", at, at, base);
            String v = k.load(in, at, "v");
            k.op("add.rn.f32 %s, %s, %s;", sum, sum, v);
            k.place(colNext);
            k.op("add.u32 %s, %s, 1;", kj, kj);
            k.op("bra.uni %s;", colTop);
            k.place(colsDone);
            k.place(rowNext);
            k.op("add.u32 %s, %s, 1;", ki, ki);
            k.op("bra.uni %s;", rowTop);
            k.place(rowsDone);
            k.store(out, idx, sum);
        });
        e.launch(k, Launch.Grid.elements(count));
    }

    /** The output position whose window reads input position {@code i} at tap {@code t}; branches to skip if none. */
    private static String outputPosition(Kernel k, String i, int pad, String t, int dilation, int stride, int outSize,
                                         String skip, String hint) {
        String shifted = k.reg("s32", hint + "Shifted");
        k.op("add.s32 %s, %s, %d;", shifted, i, pad);
        String back = k.reg("s32", hint + "Back");
        k.op("mul.lo.s32 %s, %s, %d;", back, t, dilation);
        k.op("sub.s32 %s, %s, %s;", shifted, shifted, back);
        String miss = k.reg("pred", hint + "Miss");
        k.op("setp.lt.s32 %s, %s, 0;", miss, shifted);
        k.op("@%s bra %s;", miss, skip);
        String o = k.reg("u32", hint);
        if (stride != 1) {
            String remainder = k.reg("u32", hint + "Remainder");
            k.op("rem.u32 %s, %s, %d;", remainder, shifted, stride);
            k.op("setp.ne.u32 %s, %s, 0;", miss, remainder);
            k.op("@%s bra %s;", miss, skip);
            k.op("div.u32 %s, %s, %d;", o, shifted, stride);
        } else {
            k.op("mov.u32 %s, %s;", o, shifted);
        }
        k.op("setp.ge.u32 %s, %s, %d;", miss, o, outSize);
        k.op("@%s bra %s;", miss, skip);
        return o;
    }
}
