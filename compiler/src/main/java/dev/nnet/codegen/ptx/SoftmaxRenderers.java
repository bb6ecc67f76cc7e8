package dev.nnet.codegen.ptx;

import dev.nnet.ir.Node;
import dev.nnet.ir.op.Softmax;
import dev.nnet.ir.op.SoftmaxGrad;
import java.util.function.Consumer;

/** Softmax and log-softmax over the last axis: one thread per row, the CPU's loops in the CPU's order. */
final class SoftmaxRenderers {
    private SoftmaxRenderers() {
    }

    static void softmax(Softmax op, Node self, PtxEmitter e) {
        Node x = self.input(0);
        long cols = GemmRenderers.constant(e, x.type().dim(-1));
        Kernel k = e.kernel(op.log() ? "log_softmax" : "softmax", "one thread per row; max-subtracted like "
                + "PyTorch, so large logits do not overflow");
        String in = e.pointer(k, x, "x");
        String out = e.pointer(k, self, "y");
        Size rows = GemmRenderers.rows(e, x);
        k.forEach(k.size(rows, "rows"), r -> {
            String base = k.reg("u32", "rowBase");
            k.op("mul.lo.u32 %s, %s, %d;", base, r, cols);
            String max = k.reg("f32", "max");
            k.op("mov.f32 %s, %s;", max, Kernel.f32(Float.NEGATIVE_INFINITY));
            columns(k, base, cols, at -> k.op("max.f32 %s, %s, %s;", max, max, k.load(in, at, "v")));
            String sum = k.reg("f32", "sum");
            k.op("mov.f32 %s, %s;", sum, Kernel.f32(0f));
            columns(k, base, cols, at -> {
                String shifted = PtxExpressions.binary(k, "sub.rn.f32", k.load(in, at, "v"), max, "shifted");
                k.op("add.rn.f32 %s, %s, %s;", sum, sum, PtxExpressions.exp(k, shifted));
            });
            if (op.log()) {
                String logSum = PtxExpressions.log(k, sum);
                columns(k, base, cols, at -> {
                    String shifted = PtxExpressions.binary(k, "sub.rn.f32", k.load(in, at, "v"), max, "shifted");
                    k.store(out, at, PtxExpressions.binary(k, "sub.rn.f32", shifted, logSum, "logProb"));
                });
            } else {
                String inv = k.reg("f32", "inv");
                k.op("rcp.rn.f32 %s, %s;", inv, sum);
                columns(k, base, cols, at -> {
                    String shifted = PtxExpressions.binary(k, "sub.rn.f32", k.load(in, at, "v"), max, "shifted");
                    k.store(out, at, PtxExpressions.binary(k, "mul.rn.f32", PtxExpressions.exp(k, shifted), inv,
                            "p"));
                });
            }
        });
        e.launch(k, Launch.Grid.elements(rows));
    }

    /** Inputs dy and y, the softmax's output. */
    static void softmaxGrad(SoftmaxGrad op, Node self, PtxEmitter e) {
        Node dy = self.input(0);
        Node y = self.input(1);
        long cols = GemmRenderers.constant(e, dy.type().dim(-1));
        Kernel k = e.kernel(op.log() ? "log_softmax_grad" : "softmax_grad", op.log()
                ? "dx = dy - exp(y)*sum(dy), one thread per row" : "dx = y*(dy - sum(dy*y)), one thread per row");
        String pdy = e.pointer(k, dy, "dy");
        String py = e.pointer(k, y, "y");
        String out = e.pointer(k, self, "dx");
        Size rows = GemmRenderers.rows(e, dy);
        k.forEach(k.size(rows, "rows"), r -> {
            String base = k.reg("u32", "rowBase");
            k.op("mul.lo.u32 %s, %s, %d;", base, r, cols);
            String dot = k.reg("f32", "dot");
            k.op("mov.f32 %s, %s;", dot, Kernel.f32(0f));
            if (op.log()) {
                columns(k, base, cols, at -> k.op("add.rn.f32 %s, %s, %s;", dot, dot, k.load(pdy, at, "g")));
                columns(k, base, cols, at -> {
                    String p = PtxExpressions.exp(k, k.load(py, at, "logP"));
                    String scaled = PtxExpressions.binary(k, "mul.rn.f32", p, dot, "scaled");
                    k.store(out, at, PtxExpressions.binary(k, "sub.rn.f32", k.load(pdy, at, "g"), scaled, "dx"));
                });
            } else {
                columns(k, base, cols, at -> {
                    String t = PtxExpressions.binary(k, "mul.rn.f32", k.load(pdy, at, "g"), k.load(py, at, "p"), "t");
                    k.op("add.rn.f32 %s, %s, %s;", dot, dot, t);
                });
                columns(k, base, cols, at -> {
                    String d = PtxExpressions.binary(k, "sub.rn.f32", k.load(pdy, at, "g"), dot, "d");
                    k.store(out, at, PtxExpressions.binary(k, "mul.rn.f32", k.load(py, at, "p"), d, "dx"));
                });
            }
        });
        e.launch(k, Launch.Grid.elements(rows));
    }

    /** A loop over the row's columns; the body gets the flat index register. */
    static void columns(Kernel k, String base, long cols, Consumer<String> body) {
        String c = k.reg("u32", "c");
        k.op("mov.u32 %s, 0;", c);
        String top = k.label("column");
        String done = k.label("columnsDone");
        String stop = k.reg("pred", "stop");
        k.place(top);
        k.op("setp.ge.u32 %s, %s, %d;", stop, c, cols);
        k.op("@%s bra %s;", stop, done);
        String at = k.reg("u32", "at");
        k.op("add.u32 %s, %s, %s;", at, base, c);
        body.accept(at);
        k.op("add.u32 %s, %s, 1;", c, c);
        k.op("bra.uni %s;", top);
        k.place(done);
    }
}
