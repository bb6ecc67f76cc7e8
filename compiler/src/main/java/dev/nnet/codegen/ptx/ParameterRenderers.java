package dev.nnet.codegen.ptx;

import dev.nnet.ir.Node;
import dev.nnet.ir.op.AccumulateGrad;
import dev.nnet.ir.op.Optimizer;
import dev.nnet.ir.op.Update;

/**
 * Optimizer steps, one thread per parameter element, operation by operation as the runtime's {@code Sgd},
 * {@code Adam} and {@code RmsProp} compute them in float32: the hyper-parameters are rounded to float where those
 * classes round them, and the per-step scalars (Adam's bias corrections, SGD's first step) are computed on the host
 * in double, as there, and passed as kernel arguments.
 */
final class ParameterRenderers {
    private ParameterRenderers() {
    }

    static void update(Update op, Node self, PtxEmitter e) {
        Node p = self.input(0);
        Node grad = self.input(1);
        Optimizer o = op.optimizer();
        if (o instanceof Optimizer.Sgd s) {
            sgd(s, op.parameter(), p, grad, e);
        } else if (o instanceof Optimizer.Adam a) {
            adam(a, op.parameter(), p, grad, e);
        } else {
            rmsProp((Optimizer.RmsProp) o, op.parameter(), p, grad, e);
        }
    }

    private static void sgd(Optimizer.Sgd s, String parameter, Node p, Node grad, PtxEmitter e) {
        boolean momentum = s.momentum() != 0;
        Kernel k = e.kernel("sgd", "d = g + wd*p; buf = first ? d : momentum*buf + (1 - dampening)*d; "
                + "d = nesterov ? d + momentum*buf : buf; p -= lr*d (as runtime Sgd)");
        String pp = e.pointer(k, p, "p");
        String pg = e.pointer(k, grad, "g");
        String buf = momentum ? e.pointer(k, e.state(parameter, "momentum_buffer", p), "momentumBuffer") : null;
        String first = momentum ? e.intArg(k, "firstStep", "step == 1 ? 1 : 0",
                (n, step) -> step == 1 ? 1 : 0) : null;
        k.forEach(k.size(e.count(p), "count"), i -> {
            String pv = k.load(pp, i, "param");
            String d = decayed(k, s.weightDecay(), k.load(pg, i, "grad"), pv);
            if (momentum) {
                String old = k.load(buf, i, "old");
                String kept = PtxExpressions.binary(k, "mul.rn.f32", old, Kernel.f32((float) s.momentum()), "kept");
                String added = PtxExpressions.binary(k, "mul.rn.f32", Kernel.f32((float) (1 - s.dampening())), d,
                        "added");
                String b = PtxExpressions.binary(k, "add.rn.f32", kept, added, "buffer");
                String isFirst = k.reg("pred", "isFirst");
                k.op("setp.ne.u32 %s, %s, 0;", isFirst, first);
                k.op("@%s mov.f32 %s, %s;", isFirst, b, d);
                k.store(buf, i, b);
                if (s.nesterov()) {
                    String look = PtxExpressions.binary(k, "mul.rn.f32", Kernel.f32((float) s.momentum()), b,
                            "lookahead");
                    d = PtxExpressions.binary(k, "add.rn.f32", d, look, "nesterov");
                } else {
                    d = b;
                }
            }
            String step = PtxExpressions.binary(k, "mul.rn.f32", Kernel.f32((float) -s.lr()), d, "step");
            k.store(pp, i, PtxExpressions.binary(k, "add.rn.f32", pv, step, "updated"));
        });
        e.launch(k, Launch.Grid.elements(e.count(p)));
    }

    private static void adam(Optimizer.Adam a, String parameter, Node p, Node grad, PtxEmitter e) {
        Kernel k = e.kernel("adam", "m = b1*m + (1-b1)*g; v = b2*v + (1-b2)*g*g" + (a.amsgrad() ? "; v = max(vmax, v)"
                : "") + "; p += -(lr/(1-b1^t))*m / (sqrt(v)/sqrt(1-b2^t) + eps) (as runtime Adam)");
        String pp = e.pointer(k, p, "p");
        String pg = e.pointer(k, grad, "g");
        String m = e.pointer(k, e.state(parameter, "exp_avg", p), "expAvg");
        String v = e.pointer(k, e.state(parameter, "exp_avg_sq", p), "expAvgSq");
        String vmax = a.amsgrad() ? e.pointer(k, e.state(parameter, "max_exp_avg_sq", p), "maxExpAvgSq") : null;
        String negStepSize = e.floatArg(k, "negStepSize", "(float) -(" + a.lr() + " / (1 - Math.pow(" + a.beta1()
                + ", step)))", (n, step) -> (float) -(a.lr() / (1 - Math.pow(a.beta1(), step))));
        String correction2 = e.floatArg(k, "biasCorrection2Sqrt", "(float) Math.sqrt(1 - Math.pow(" + a.beta2()
                + ", step))", (n, step) -> (float) Math.sqrt(1 - Math.pow(a.beta2(), step)));
        k.forEach(k.size(e.count(p), "count"), i -> {
            String pv = k.load(pp, i, "param");
            String g = decayed(k, a.weightDecay(), k.load(pg, i, "grad"), pv);
            String m1 = PtxExpressions.binary(k, "mul.rn.f32", k.load(m, i, "m"), Kernel.f32((float) a.beta1()), "m1");
            String m2 = PtxExpressions.binary(k, "mul.rn.f32", Kernel.f32((float) (1 - a.beta1())), g, "m2");
            String mNew = PtxExpressions.binary(k, "add.rn.f32", m1, m2, "mNew");
            String v1 = PtxExpressions.binary(k, "mul.rn.f32", k.load(v, i, "v"), Kernel.f32((float) a.beta2()), "v1");
            String v2 = PtxExpressions.binary(k, "mul.rn.f32", Kernel.f32((float) (1 - a.beta2())), g, "v2");
            v2 = PtxExpressions.binary(k, "mul.rn.f32", v2, g, "v2g");
            String vNew = PtxExpressions.binary(k, "add.rn.f32", v1, v2, "vNew");
            k.store(m, i, mNew);
            k.store(v, i, vNew);
            String vHat = vNew;
            if (vmax != null) {
                vHat = k.reg("f32", "vHat");
                k.op("max.f32 %s, %s, %s;", vHat, k.load(vmax, i, "vmax"), vNew);
                k.store(vmax, i, vHat);
            }
            String root = PtxExpressions.unary(k, "sqrt.rn.f32", vHat, "root");
            String scaled = PtxExpressions.binary(k, "div.rn.f32", root, correction2, "scaledRoot");
            String denominator = PtxExpressions.binary(k, "add.rn.f32", scaled, Kernel.f32((float) a.eps()), "denom");
            String numerator = PtxExpressions.binary(k, "mul.rn.f32", negStepSize, mNew, "numerator");
            String step = PtxExpressions.binary(k, "div.rn.f32", numerator, denominator, "step");
            k.store(pp, i, PtxExpressions.binary(k, "add.rn.f32", pv, step, "updated"));
        });
        e.launch(k, Launch.Grid.elements(e.count(p)));
    }

    private static void rmsProp(Optimizer.RmsProp r, String parameter, Node p, Node grad, PtxEmitter e) {
        boolean momentum = r.momentum() > 0;
        Kernel k = e.kernel("rmsprop", "s = a*s + (1-a)*g*g; avg = sqrt(s" + (r.centered() ? " - ga*ga" : "")
                + ") + eps; " + (momentum ? "buf = momentum*buf + g/avg; p -= lr*buf" : "p -= lr*g/avg")
                + " (as runtime RmsProp)");
        String pp = e.pointer(k, p, "p");
        String pg = e.pointer(k, grad, "g");
        String sq = e.pointer(k, e.state(parameter, "square_avg", p), "squareAvg");
        String buf = momentum ? e.pointer(k, e.state(parameter, "momentum_buffer", p), "momentumBuffer") : null;
        String ga = r.centered() ? e.pointer(k, e.state(parameter, "grad_avg", p), "gradAvg") : null;
        float alpha = (float) r.alpha();
        float oneMinusAlpha = (float) (1 - r.alpha());
        k.forEach(k.size(e.count(p), "count"), i -> {
            String pv = k.load(pp, i, "param");
            String g = decayed(k, r.weightDecay(), k.load(pg, i, "grad"), pv);
            String s1 = PtxExpressions.binary(k, "mul.rn.f32", k.load(sq, i, "s"), Kernel.f32(alpha), "s1");
            String s2 = PtxExpressions.binary(k, "mul.rn.f32", Kernel.f32(oneMinusAlpha), g, "s2");
            s2 = PtxExpressions.binary(k, "mul.rn.f32", s2, g, "s2g");
            String s = PtxExpressions.binary(k, "add.rn.f32", s1, s2, "sNew");
            k.store(sq, i, s);
            String avg;
            if (ga != null) {
                String a1 = PtxExpressions.binary(k, "mul.rn.f32", k.load(ga, i, "ga"), Kernel.f32(alpha), "ga1");
                String a2 = PtxExpressions.binary(k, "mul.rn.f32", Kernel.f32(oneMinusAlpha), g, "ga2");
                String gaNew = PtxExpressions.binary(k, "add.rn.f32", a1, a2, "gaNew");
                k.store(ga, i, gaNew);
                String neg = PtxExpressions.binary(k, "mul.rn.f32", Kernel.f32(-1f), gaNew, "negGa");
                neg = PtxExpressions.binary(k, "mul.rn.f32", neg, gaNew, "negGa2");
                avg = PtxExpressions.unary(k, "sqrt.rn.f32", PtxExpressions.binary(k, "add.rn.f32", s, neg,
                        "variance"), "avg");
            } else {
                avg = PtxExpressions.unary(k, "sqrt.rn.f32", s, "avg");
            }
            avg = PtxExpressions.binary(k, "add.rn.f32", avg, Kernel.f32((float) r.eps()), "avgEps");
            String negLr = Kernel.f32((float) -r.lr());
            String step;
            if (buf != null) {
                String b1 = PtxExpressions.binary(k, "mul.rn.f32", k.load(buf, i, "buf"),
                        Kernel.f32((float) r.momentum()), "b1");
                String b2 = PtxExpressions.binary(k, "div.rn.f32", g, avg, "b2");
                String b = PtxExpressions.binary(k, "add.rn.f32", b1, b2, "bufNew");
                k.store(buf, i, b);
                step = PtxExpressions.binary(k, "mul.rn.f32", negLr, b, "step");
            } else {
                String t = PtxExpressions.binary(k, "mul.rn.f32", negLr, g, "t");
                step = PtxExpressions.binary(k, "div.rn.f32", t, avg, "step");
            }
            k.store(pp, i, PtxExpressions.binary(k, "add.rn.f32", pv, step, "updated"));
        });
        e.launch(k, Launch.Grid.elements(e.count(p)));
    }

    /** g + wd·p where weight decay is set, else g. */
    private static String decayed(Kernel k, double weightDecay, String g, String p) {
        if (weightDecay == 0) {
            return g;
        }
        String decay = PtxExpressions.binary(k, "mul.rn.f32", Kernel.f32((float) weightDecay), p, "decay");
        return PtxExpressions.binary(k, "add.rn.f32", g, decay, "decayed");
    }

    static void accumulateGrad(AccumulateGrad op, Node self, PtxEmitter e) {
        Node p = self.input(0);
        Kernel k = e.kernel("accumulate_grad", "grad += g, as PyTorch accumulates into .grad");
        String sum = e.pointer(k, e.gradient(op.parameter(), e.count(p)), "grad");
        String g = e.pointer(k, self.input(1), "g");
        k.forEach(k.size(e.count(p), "count"), i -> k.store(sum, i, PtxExpressions.binary(k, "add.rn.f32",
                k.load(sum, i, "old"), k.load(g, i, "g"), "sum")));
        e.launch(k, Launch.Grid.elements(e.count(p)));
    }
}
