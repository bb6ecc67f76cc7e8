package dev.nnet.codegen.ptx;

import dev.nnet.ir.Node;
import dev.nnet.ir.Shapes;
import dev.nnet.ir.op.AccumulatesInto;
import dev.nnet.ir.op.Act;
import dev.nnet.ir.op.Linear;
import dev.nnet.ir.op.LinearGradInput;
import dev.nnet.ir.op.LinearGradWeight;
import dev.nnet.ir.op.PExpr;
import dev.nnet.types.Dim;
import java.util.List;

/**
 * The linear family on {@link GemmKernel}, bias and activation in the forward GEMM's epilogue. Each also carries
 * its cuBLAS form (the same product, then a bias-and-activation kernel where the op has one), which the host uses
 * when built with {@code useCublas}.
 */
final class GemmRenderers {
    private GemmRenderers() {
    }

    /** The rows of a [..., features] tensor: every axis but the last. */
    static Size rows(PtxEmitter e, Node n) {
        List<Dim> dims = n.type().dims();
        return e.size(Shapes.product(dims, 0, dims.size() - 1));
    }

    static long constant(PtxEmitter e, Dim d) {
        return e.size(d).fixed();
    }

    static void linear(Linear op, Node self, PtxEmitter e) {
        Node x = self.input(0);
        Node w = self.input(1);
        long in = constant(e, w.type().dim(1));
        long out = constant(e, w.type().dim(0));
        GemmKernel.Spec spec = GemmKernel.Spec.plain(false, true, rows(e, x), Size.of(out), Size.of(in), in, in, out,
                false, op.bias() ? GemmKernel.Bias.COLUMN : GemmKernel.Bias.NONE, op.act());
        Node bias = op.bias() ? self.input(2) : null;
        gemm(e, "gemm", spec, e.bufferOf(x), e.bufferOf(w), e.bufferOf(self), bias == null ? null : e.bufferOf(bias),
                "y = x*w^T" + (op.bias() ? " + b" : "") + (op.act() == Act.NONE ? "" : ", " + op.act().text()));
    }

    static void linearGradInput(LinearGradInput op, Node self, PtxEmitter e) {
        Node dy = self.input(0);
        Node w = self.input(1);
        long in = constant(e, w.type().dim(1));
        long out = constant(e, w.type().dim(0));
        GemmKernel.Spec spec = GemmKernel.Spec.plain(false, false, rows(e, dy), Size.of(in), Size.of(out), out, in,
                in, false, GemmKernel.Bias.NONE, Act.NONE);
        DeviceBuffer relu = op.relu() ? e.bufferOf(self.input(2)) : null;
        gemm(e, "gemm", spec, e.bufferOf(dy), e.bufferOf(w), e.bufferOf(self), null, relu,
                "dx = dy*w" + (op.relu() ? ", where the ReLU output y > 0" : ""));
    }

    /** Into its buffer, or with beta = 1 straight into the {@code .grad} it accumulates into. */
    static void linearGradWeight(LinearGradWeight op, Node self, PtxEmitter e) {
        Node dy = self.input(0);
        Node x = self.input(1);
        long out = constant(e, dy.type().dim(-1));
        long in = constant(e, x.type().dim(-1));
        GemmKernel.Spec spec = GemmKernel.Spec.plain(true, false, Size.of(out), Size.of(in), rows(e, dy), out, in, in,
                op.into() != null, GemmKernel.Bias.NONE, Act.NONE);
        gemm(e, "gemm", spec, e.bufferOf(dy), e.bufferOf(x), destination(op, self, e), null,
                "dw = dy^T*x" + (op.into() == null ? "" : ", added to " + op.into() + ".grad"));
    }

    /** A plain GEMM kernel and launch, with its cuBLAS alternative. */
    private static void gemm(PtxEmitter e, String what, GemmKernel.Spec s, DeviceBuffer a, DeviceBuffer b,
                             DeviceBuffer c, DeviceBuffer bias, String why) {
        gemm(e, what, s, a, b, c, bias, null, why);
    }

    /** {@link #gemm} with C masked by a ReLU output laid out like C ({@code relu}), when not null. */
    private static void gemm(PtxEmitter e, String what, GemmKernel.Spec s, DeviceBuffer a, DeviceBuffer b,
                             DeviceBuffer c, DeviceBuffer bias, DeviceBuffer relu, String why) {
        Kernel k = e.kernel(what, why, "tiled GEMM: 64x64 tile per 256-thread block, 4x4 per thread, k-tile 16");
        String pa = e.pointer(k, a, "a");
        String pb = e.pointer(k, b, "b");
        String pc = e.pointer(k, c, "c");
        String pbias = bias == null ? null : e.pointer(k, bias, "bias");
        String prelu = relu == null ? null : e.pointer(k, relu, "relu");
        GemmKernel.write(k, s, pa, pb, pc, pbias, null, prelu);
        Launch.Blas blas = new Launch.Blas(s.transA(), s.transB(), s.m(), s.n(), s.k(), a, s.lda(), b, s.ldb(),
                s.accumulate() ? 1f : 0f, c, s.ldc());
        List<Launch> after = List.of();
        if (bias != null || s.act() != Act.NONE) {
            after = List.of(biasAct(e, s, c, bias));
        } else if (relu != null) {
            after = List.of(reluMask(e, s, c, relu));
        }
        e.launch(k, s.grid(), blas, after);
    }

    /** The epilogue of the cuBLAS form: C += bias (per column), then the activation, one thread per element. */
    private static Launch biasAct(PtxEmitter e, GemmKernel.Spec s, DeviceBuffer c, DeviceBuffer bias) {
        Kernel k = e.kernel("bias_act", "after cuBLAS: " + (bias == null ? "" : "add the bias per column")
                + (bias != null && s.act() != Act.NONE ? ", then " : "") + (s.act() == Act.NONE ? "" : s.act().text()));
        String pc = e.pointer(k, c, "c");
        String pbias = bias == null ? null : e.pointer(k, bias, "bias");
        Size count = new Size(s.m().perSample() * s.n().fixed(), s.m().fixed() * s.n().fixed());
        String total = k.size(count, "count");
        k.forEach(total, i -> {
            String v = k.load(pc, i, "v");
            if (pbias != null) {
                String column = k.rem(i, s.n().fixed(), "column");
                String b = k.load(pbias, column, "b");
                k.op("add.rn.f32 %s, %s, %s;", v, v, b);
            }
            k.store(pc, i, PtxExpressions.act(k, s.act(), v));
        });
        return e.prepare(k, Launch.Grid.elements(count));
    }

    /** The ReLU mask of the cuBLAS form: C where the ReLU output is positive, else 0, one thread per element. */
    private static Launch reluMask(PtxEmitter e, GemmKernel.Spec s, DeviceBuffer c, DeviceBuffer relu) {
        Kernel k = e.kernel("relu_mask", "after cuBLAS: keep C where the ReLU output y > 0");
        String pc = e.pointer(k, c, "c");
        String py = e.pointer(k, relu, "relu");
        Size count = new Size(s.m().perSample() * s.n().fixed(), s.m().fixed() * s.n().fixed());
        String total = k.size(count, "count");
        k.forEach(total, i -> {
            String v = k.load(pc, i, "v");
            String y = k.load(py, i, "y");
            k.store(pc, i, PtxExpressions.fn2(k, PExpr.Fn2.RELU_GRAD, v, y));
        });
        return e.prepare(k, Launch.Grid.elements(count));
    }

    /** The buffer a gradient writes: its own, or the {@code .grad} accumulator it adds into. */
    static DeviceBuffer destination(AccumulatesInto op, Node self, PtxEmitter e) {
        if (op.into() == null) {
            return e.bufferOf(self);
        }
        Dim numel = op.gradientType(self.inputs().stream().map(Node::type).toList()).numel();
        return e.gradient(op.into(), e.size(numel));
    }
}
