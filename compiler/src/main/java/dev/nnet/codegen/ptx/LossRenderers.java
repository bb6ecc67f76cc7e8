package dev.nnet.codegen.ptx;

import dev.nnet.ir.Node;
import dev.nnet.ir.op.Loss;
import dev.nnet.ir.op.LossGrad;
import dev.nnet.ir.op.LossKind;

/**
 * Losses as the runtime's loss classes compute them: the value by one block whose threads add their rows' (or
 * elements') terms in double and reduce in shared memory, so the loss never leaves the device; the gradient by one
 * thread per row (class targets) or element. Targets are checked on the host before upload, as the CPU classes
 * check them.
 */
final class LossRenderers {
    private LossRenderers() {
    }

    /** Rows (class targets) or elements a loss runs over, and the width of a row. */
    private record Extent(Size count, long width) {
        static Extent of(PtxEmitter e, Node self, LossKind kind) {
            Node pred = self.input(0);
            Node target = self.input(1);
            if (kind.classTargets()) {
                return new Extent(e.size(target.type().numel()), GemmRenderers.constant(e, pred.type().dim(-1)));
            }
            return new Extent(e.count(pred), 1);
        }
    }

    static void loss(Loss op, Node self, PtxEmitter e) {
        LossKind kind = op.kind();
        Extent x = Extent.of(e, self, kind);
        Kernel k = e.kernel(kind.text(), "one block: each thread adds the terms of every 256th "
                + (kind.classTargets() ? "row" : "element") + " in double, then a tree in shared memory; "
                + (op.sum() ? "the sum" : "the mean") + (op.scale() == 1f ? "" : " times " + op.scale()));
        String pred = e.pointer(k, self.input(0), "prediction");
        String target = e.pointer(k, self.input(1), "target");
        String out = e.pointer(k, self, "loss");
        String tid = k.reg("u32", "threadInBlock");
        k.op("mov.u32 %s, %%tid.x;", tid);
        String count = k.size(x.count(), "count");
        String total = k.reg("f64", "total");
        k.op("mov.f64 %s, %s;", total, Kernel.f64(0));
        String i = k.reg("u32", "item");
        k.op("mov.u32 %s, %s;", i, tid);
        String top = k.label("item");
        String done = k.label("itemsDone");
        String stop = k.reg("pred", "stop");
        k.place(top);
        k.op("setp.ge.u32 %s, %s, %s;", stop, i, count);
        k.op("@%s bra %s;", stop, done);
        String term = term(k, kind, pred, target, i, x.width());
        String wide = k.reg("f64", "wide");
        k.op("cvt.f64.f32 %s, %s;", wide, term);
        k.op("add.rn.f64 %s, %s, %s;", total, total, wide);
        k.op("add.u32 %s, %s, %d;", i, i, Kernel.THREADS);
        k.op("bra.uni %s;", top);
        k.place(done);
        String sum = ReductionRenderers.blockSum(k, tid, total);
        String skip = k.label("written");
        String notFirst = k.reg("pred", "notFirst");
        k.op("setp.ne.u32 %s, %s, 0;", notFirst, tid);
        k.op("@%s bra %s;", notFirst, skip);
        if (!op.sum()) {
            String n = k.reg("f64", "countF");
            k.op("cvt.rn.f64.u32 %s, %s;", n, count);
            k.op("div.rn.f64 %s, %s, %s;", sum, sum, n);
        }
        String value = k.reg("f32", "value");
        k.op("cvt.rn.f32.f64 %s, %s;", value, sum);
        if (op.scale() != 1f) {
            k.op("mul.rn.f32 %s, %s, %s;", value, Kernel.f32(op.scale()), value);
        }
        String zero = k.reg("u32", "zero");
        k.op("mov.u32 %s, 0;", zero);
        k.store(out, zero, value);
        k.place(skip);
        e.launch(k, Launch.Grid.single());
    }

    /** What item i adds to the total (already negated for the log-likelihoods). */
    private static String term(Kernel k, LossKind kind, String pred, String target, String i, long width) {
        switch (kind) {
            case CROSS_ENTROPY, NLL -> {
                String base = k.reg("u32", "rowBase");
                k.op("mul.lo.u32 %s, %s, %d;", base, i, width);
                String t = k.loadInt(target, i, "class");
                String at = k.reg("u32", "targetAt");
                k.op("add.u32 %s, %s, %s;", at, base, t);
                String picked = k.load(pred, at, "picked");
                if (kind == LossKind.NLL) {
                    return PtxExpressions.unary(k, "neg.f32", picked, "term");
                }
                String[] maxLogSum = maxAndLogSum(k, pred, base, width);
                String shifted = PtxExpressions.binary(k, "sub.rn.f32", picked, maxLogSum[0], "shifted");
                String logProb = PtxExpressions.binary(k, "sub.rn.f32", shifted, maxLogSum[1], "logProb");
                return PtxExpressions.unary(k, "neg.f32", logProb, "term");
            }
            case MSE -> {
                String diff = PtxExpressions.binary(k, "sub.rn.f32", k.load(pred, i, "p"), k.load(target, i, "y"),
                        "diff");
                return PtxExpressions.binary(k, "mul.rn.f32", diff, diff, "term");
            }
            case BCE -> {
                // (y - 1)·max(log(1 - x), -100) - y·max(log(x), -100)
                String x = k.load(pred, i, "p");
                String y = k.load(target, i, "y");
                String logX = PtxExpressions.log(k, x);
                k.op("max.f32 %s, %s, %s;", logX, logX, Kernel.f32(-100f));
                String oneMinus = PtxExpressions.binary(k, "sub.rn.f32", Kernel.f32(1f), x, "oneMinusX");
                String logOneMinus = PtxExpressions.log(k, oneMinus);
                k.op("max.f32 %s, %s, %s;", logOneMinus, logOneMinus, Kernel.f32(-100f));
                String yMinus = PtxExpressions.binary(k, "sub.rn.f32", y, Kernel.f32(1f), "yMinusOne");
                String a = PtxExpressions.binary(k, "mul.rn.f32", yMinus, logOneMinus, "a");
                String b = PtxExpressions.binary(k, "mul.rn.f32", y, logX, "b");
                return PtxExpressions.binary(k, "sub.rn.f32", a, b, "term");
            }
            case BCE_WITH_LOGITS -> {
                // (1 - y)·x + m + log(exp(-m) + exp(-x - m)), m = max(-x, 0)
                String x = k.load(pred, i, "logit");
                String y = k.load(target, i, "y");
                String negX = PtxExpressions.unary(k, "neg.f32", x, "negX");
                String m = k.reg("f32", "m");
                k.op("max.f32 %s, %s, %s;", m, negX, Kernel.f32(0f));
                String negM = PtxExpressions.unary(k, "neg.f32", m, "negM");
                String e1 = PtxExpressions.exp(k, negM);
                String e2 = PtxExpressions.exp(k, PtxExpressions.binary(k, "sub.rn.f32", negX, m, "negXMinusM"));
                String softplus = PtxExpressions.log(k, PtxExpressions.binary(k, "add.rn.f32", e1, e2, "e"));
                String oneMinusY = PtxExpressions.binary(k, "sub.rn.f32", Kernel.f32(1f), y, "oneMinusY");
                String a = PtxExpressions.binary(k, "mul.rn.f32", oneMinusY, x, "a");
                String b = PtxExpressions.binary(k, "add.rn.f32", a, m, "b");
                return PtxExpressions.binary(k, "add.rn.f32", b, softplus, "term");
            }
            default -> throw new IllegalStateException(kind.toString());
        }
    }

    /** A row's maximum and log(sum(exp(x - max))), the exponentials added in double as the CPU adds them. */
    private static String[] maxAndLogSum(Kernel k, String pred, String base, long width) {
        String max = k.reg("f32", "max");
        k.op("mov.f32 %s, %s;", max, Kernel.f32(Float.NEGATIVE_INFINITY));
        SoftmaxRenderers.columns(k, base, width, at -> k.op("max.f32 %s, %s, %s;", max, max, k.load(pred, at, "v")));
        String expSum = k.reg("f64", "expSum");
        k.op("mov.f64 %s, %s;", expSum, Kernel.f64(0));
        SoftmaxRenderers.columns(k, base, width, at -> {
            String e = PtxExpressions.exp(k, PtxExpressions.binary(k, "sub.rn.f32", k.load(pred, at, "v"), max,
                    "shifted"));
            String wide = k.reg("f64", "expWide");
            k.op("cvt.f64.f32 %s, %s;", wide, e);
            k.op("add.rn.f64 %s, %s, %s;", expSum, expSum, wide);
        });
        String narrow = k.reg("f32", "expSumF");
        k.op("cvt.rn.f32.f64 %s, %s;", narrow, expSum);
        return new String[] {max, PtxExpressions.log(k, narrow)};
    }

    /** Inputs prediction and target; writes d(loss)/d(prediction) times the loss's scale. */
    static void lossGrad(LossGrad op, Node self, PtxEmitter e) {
        LossKind kind = op.kind();
        Extent x = Extent.of(e, self, kind);
        Kernel k = e.kernel(kind.text() + "_grad", "one thread per " + (kind.classTargets() ? "row" : "element")
                + ", the gradient of the runtime's " + kind.text() + (op.sum() ? " sum" : " mean"));
        String pred = e.pointer(k, self.input(0), "prediction");
        String target = e.pointer(k, self.input(1), "target");
        String grad = e.pointer(k, self, "grad");
        String count = k.size(x.count(), "count");
        String countF = k.reg("f32", "countF");
        k.op("cvt.rn.f32.u32 %s, %s;", countF, count);
        String scale = k.reg("f32", "scale");
        k.op("mov.f32 %s, %s;", scale, Kernel.f32(op.scale()));
        k.forEach(count, i -> {
            switch (kind) {
                case CROSS_ENTROPY, NLL -> classGrad(k, kind, op.sum(), pred, target, grad, i, x.width(), scale,
                        countF);
                case MSE -> {
                    String norm = k.reg("f32", "norm");
                    if (op.sum()) {
                        k.op("mov.f32 %s, %s;", norm, Kernel.f32(2f));
                    } else {
                        // (float) (2.0 / count), in double first as the CPU class computes it
                        String wide = k.reg("f64", "normWide");
                        k.op("cvt.rn.f64.u32 %s, %s;", wide, count);
                        k.op("div.rn.f64 %s, %s, %s;", wide, Kernel.f64(2.0), wide);
                        k.op("cvt.rn.f32.f64 %s, %s;", norm, wide);
                    }
                    String diff = PtxExpressions.binary(k, "sub.rn.f32", k.load(pred, i, "p"), k.load(target, i, "y"),
                            "diff");
                    String g = PtxExpressions.binary(k, "mul.rn.f32", norm, diff, "g");
                    k.store(grad, i, PtxExpressions.binary(k, "mul.rn.f32", g, scale, "scaled"));
                }
                case BCE -> {
                    String p = k.load(pred, i, "p");
                    String y = k.load(target, i, "y");
                    String numerator = PtxExpressions.binary(k, "mul.rn.f32", scale,
                            PtxExpressions.binary(k, "sub.rn.f32", p, y, "diff"), "numerator");
                    String oneMinus = PtxExpressions.binary(k, "sub.rn.f32", Kernel.f32(1f), p, "oneMinusX");
                    String denominator = PtxExpressions.binary(k, "mul.rn.f32", oneMinus, p, "denominator");
                    k.op("max.f32 %s, %s, %s;", denominator, denominator, Kernel.f32(1e-12f));
                    String g = PtxExpressions.binary(k, "div.rn.f32", numerator, denominator, "g");
                    k.store(grad, i, op.sum() ? g : PtxExpressions.binary(k, "div.rn.f32", g, countF, "mean"));
                }
                case BCE_WITH_LOGITS -> {
                    String sigmoid = PtxExpressions.sigmoid(k, k.load(pred, i, "logit"));
                    String diff = PtxExpressions.binary(k, "sub.rn.f32", sigmoid, k.load(target, i, "y"), "diff");
                    String g = PtxExpressions.binary(k, "mul.rn.f32", diff, scale, "g");
                    k.store(grad, i, op.sum() ? g : PtxExpressions.binary(k, "div.rn.f32", g, countF, "mean"));
                }
                default -> throw new IllegalStateException(kind.toString());
            }
        });
        e.launch(k, Launch.Grid.elements(x.count()));
    }

    /** Row i: cross-entropy's softmax·s with s subtracted at the target, or NLL's -s at the target and 0 elsewhere. */
    private static void classGrad(Kernel k, LossKind kind, boolean sum, String pred, String target, String grad,
                                  String i, long width, String scale, String countF) {
        String s = scale;
        if (!sum) {
            s = PtxExpressions.binary(k, "div.rn.f32", scale, countF, "s");
        }
        String share = s;
        String base = k.reg("u32", "rowBase");
        k.op("mul.lo.u32 %s, %s, %d;", base, i, width);
        String t = k.loadInt(target, i, "class");
        String at = k.reg("u32", "targetAt");
        k.op("add.u32 %s, %s, %s;", at, base, t);
        if (kind == LossKind.NLL) {
            SoftmaxRenderers.columns(k, base, width, c -> k.store(grad, c, Kernel.f32(0f)));
            k.store(grad, at, PtxExpressions.unary(k, "neg.f32", share, "minusS"));
            return;
        }
        String[] maxLogSum = maxAndLogSum(k, pred, base, width);
        SoftmaxRenderers.columns(k, base, width, c -> {
            String shifted = PtxExpressions.binary(k, "sub.rn.f32", k.load(pred, c, "v"), maxLogSum[0], "shifted");
            String logProb = PtxExpressions.binary(k, "sub.rn.f32", shifted, maxLogSum[1], "logProb");
            k.store(grad, c, PtxExpressions.binary(k, "mul.rn.f32", PtxExpressions.exp(k, logProb), share, "g"));
        });
        String g = k.load(grad, at, "atTarget");
        k.store(grad, at, PtxExpressions.binary(k, "sub.rn.f32", g, share, "minusS"));
    }
}
