package dev.nnet.codegen.ptx;

import dev.nnet.ir.Node;
import dev.nnet.ir.op.ChannelSum;
import dev.nnet.ir.op.ReduceTo;
import dev.nnet.ir.op.SumRows;

/** Sums: bias gradients over rows (linear) or over samples and pixels (convolution), and undoing a broadcast. */
final class ReductionRenderers {
    private ReductionRenderers() {
    }

    /** One thread per column, adding the rows in order in float, as the CPU kernel does. */
    static void sumRows(SumRows op, Node self, PtxEmitter e) {
        Node dy = self.input(0);
        long cols = GemmRenderers.constant(e, dy.type().dim(-1));
        boolean accumulate = op.into() != null;
        Kernel k = e.kernel("sum_rows", "one thread per column, rows added in order"
                + (accumulate ? "; added to " + op.into() + ".grad" : ""));
        String in = e.pointer(k, dy, "dy");
        String out = e.pointer(k, GemmRenderers.destination(op, self, e), "out");
        String rows = k.size(GemmRenderers.rows(e, dy), "rows");
        String columns = k.size(Size.of(cols), "columns");
        k.forEach(columns, c -> {
            String sum = k.reg("f32", "sum");
            k.op("mov.f32 %s, %s;", sum, Kernel.f32(0f));
            String r = k.reg("u32", "r");
            k.op("mov.u32 %s, 0;", r);
            String top = k.label("row");
            String done = k.label("rowsDone");
            String end = k.reg("pred", "end");
            k.place(top);
            k.op("setp.ge.u32 %s, %s, %s;", end, r, rows);
            k.op("@%s bra %s;", end, done);
            String index = k.mad(r, cols, c, "at");
            String v = k.load(in, index, "v");
            k.op("add.rn.f32 %s, %s, %s;", sum, sum, v);
            k.op("add.u32 %s, %s, 1;", r, r);
            k.op("bra.uni %s;", top);
            k.place(done);
            if (accumulate) {
                String old = k.load(out, c, "old");
                k.op("add.rn.f32 %s, %s, %s;", sum, old, sum);
            }
            k.store(out, c, sum);
        });
        e.launch(k, Launch.Grid.elements(Size.of(cols)));
    }

    /** One block per channel; its threads sum in double (as the CPU does), then a tree in shared memory. */
    static void channelSum(ChannelSum op, Node self, PtxEmitter e) {
        Node dy = self.input(0);
        long channels = GemmRenderers.constant(e, dy.type().dim(1));
        long plane = GemmRenderers.constant(e, dy.type().dim(2)) * GemmRenderers.constant(e, dy.type().dim(3));
        boolean accumulate = op.into() != null;
        Kernel k = e.kernel("channel_sum", "one block per channel, summed in double over samples and pixels"
                + (accumulate ? "; added to " + op.into() + ".grad" : ""));
        String in = e.pointer(k, dy, "dy");
        String out = e.pointer(k, GemmRenderers.destination(op, self, e), "out");
        String c = k.reg("u32", "channel");
        k.op("mov.u32 %s, %%ctaid.x;", c);
        String tid = k.reg("u32", "threadInBlock");
        k.op("mov.u32 %s, %%tid.x;", tid);
        String total = k.size(new Size(plane, 0), "total");
        String sum = k.reg("f64", "sum");
        k.op("mov.f64 %s, %s;", sum, Kernel.f64(0));
        String j = k.reg("u32", "j");
        k.op("mov.u32 %s, %s;", j, tid);
        String top = k.label("element");
        String done = k.label("elementsDone");
        String end = k.reg("pred", "end");
        k.place(top);
        k.op("setp.ge.u32 %s, %s, %s;", end, j, total);
        k.op("@%s bra %s;", end, done);
        String sample = k.div(j, plane, "sample");
        String pixel = k.rem(j, plane, "pixel");
        String planeIndex = k.mad(sample, channels, c, "planeIndex");
        String index = k.mad(planeIndex, plane, pixel, "at");
        String v = k.load(in, index, "v");
        String wide = k.reg("f64", "wide");
        k.op("cvt.f64.f32 %s, %s;", wide, v);
        k.op("add.rn.f64 %s, %s, %s;", sum, sum, wide);
        k.op("add.u32 %s, %s, %d;", j, j, Kernel.THREADS);
        k.op("bra.uni %s;", top);
        k.place(done);
        String result = blockSum(k, tid, sum);
        String last = k.label("written");
        String notFirst = k.reg("pred", "notFirst");
        k.op("setp.ne.u32 %s, %s, 0;", notFirst, tid);
        k.op("@%s bra %s;", notFirst, last);
        String f = k.reg("f32", "channelSum");
        k.op("cvt.rn.f32.f64 %s, %s;", f, result);
        if (accumulate) {
            String old = k.load(out, c, "old");
            k.op("add.rn.f32 %s, %s, %s;", f, old, f);
        }
        k.store(out, c, f);
        k.place(last);
        e.launch(k, new Launch.Grid(Size.of(channels), 1, Size.of(1), 1, Size.of(1), 1, Kernel.THREADS));
    }

    /**
     * The sum over the block's 256 threads of each one's {@code value} (f64), by halving in shared memory; the
     * returned register is valid in thread 0.
     */
    static String blockSum(Kernel k, String tid, String value) {
        String shared = k.sharedArray("partial", "f64", Kernel.THREADS);
        String mine = k.reg("u32", "mine");
        k.op("mad.lo.u32 %s, %s, 8, %s;", mine, tid, shared);
        k.op("st.shared.f64 [%s], %s;", mine, value);
        k.op("bar.sync 0;");
        String active = k.reg("pred", "active");
        String x = k.reg("f64", "x");
        String y = k.reg("f64", "y");
        for (int stride = Kernel.THREADS / 2; stride >= 1; stride /= 2) {
            k.op("setp.lt.u32 %s, %s, %d;", active, tid, stride);
            k.op("@%s ld.shared.f64 %s, [%s];", active, x, mine);
            k.op("@%s ld.shared.f64 %s, [%s+%d];", active, y, mine, 8 * stride);
            k.op("@%s add.rn.f64 %s, %s, %s;", active, x, x, y);
            k.op("@%s st.shared.f64 [%s], %s;", active, mine, x);
            k.op("bar.sync 0;");
        }
        String r = k.reg("f64", "blockSum");
        k.op("ld.shared.f64 %s, [%s];", r, shared);
        return r;
    }

    /** Zeros the target, then each element of dy adds itself where the broadcast read it (atomics: any order). */
    static void reduceTo(ReduceTo op, Node self, PtxEmitter e) {
        Node dy = self.input(0);
        Kernel zero = e.kernel("zero", "the sum starts from zero");
        String z = e.pointer(zero, self, "out");
        zero.forEach(zero.size(e.count(self), "count"), i -> zero.store(z, i, Kernel.f32(0f)));
        e.launch(zero, Launch.Grid.elements(e.count(self)));
        Kernel k = e.kernel("reduce_to", "one thread per element of dy, atomically added into the broadcast source");
        String in = e.pointer(k, dy, "dy");
        String out = e.pointer(k, self, "out");
        k.forEach(k.size(e.count(dy), "count"), i -> {
            String v = k.load(in, i, "v");
            String target = PointwiseRenderers.broadcastIndex(k, e, dy.type().dims(), op.target().dims(), i);
            String ignored = k.reg("f32", "before");
            k.op("atom.global.add.f32 %s, [%s], %s;", ignored, k.address(out, target), v);
        });
        e.launch(k, Launch.Grid.elements(e.count(dy)));
    }
}
