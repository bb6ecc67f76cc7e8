package dev.nnet.gradcheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import dev.nnet.autodiff.Autodiff;
import dev.nnet.ir.Graph;
import dev.nnet.ir.GraphBuilder;
import dev.nnet.ir.op.IrOp;
import dev.nnet.ir.IrPrinter;
import dev.nnet.ir.Node;
import dev.nnet.ir.Verifier;
import dev.nnet.ir.op.Input;
import dev.nnet.ir.op.PExpr;
import dev.nnet.ir.op.Param;
import dev.nnet.ir.op.Pointwise;
import dev.nnet.ir.op.Pool2d;
import dev.nnet.passes.PassObserver;
import dev.nnet.passes.Passes;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Compares the gradients autodiff builds (as IR, run by the {@link ReferenceInterpreter}) with central differences
 * of the forward graph, all in double. The five-point stencil {@code (8(f(θ+h) − f(θ−h)) − (f(θ+2h) − f(θ−2h))) / 12h}
 * has truncation error ~h⁴ and rounding error ~1e-16/h, so with h = 1e-4 both stay near 1e-10, a hundred times
 * under the tolerance; the plain {@code (f(θ+h) − f(θ−h)) / 2h} at h = 1e-6 came within 10% of it.
 */
final class GradientChecker {
    /** Finite-difference step. */
    static final double STEP = 1e-4;
    /** How far from a kink (relu at 0, a tie in a max-pooling window) every value must be: ten steps. */
    static final double KINK_MARGIN = 10 * STEP;
    private static final int[] OFFSETS = {-2, -1, 1, 2};
    static final double RELATIVE_TOLERANCE = 1e-6;
    /** For gradients near zero, where a relative bound means nothing. */
    static final double ABSOLUTE_TOLERANCE = 1e-8;

    private GradientChecker() {
    }

    /** A case's graph after autodiff: the forward nodes, each parameter's gradient node, and the whole graph. */
    record Prepared(CaseBuilder values, List<Node> forward, Map<Node, Node> grads, Graph graph) {
    }

    /** Builds the case (its random values seeded by its name) and appends the backward pass; verifies the graph. */
    static Prepared prepare(GradCase c) {
        CaseBuilder cb = build(c);
        List<Node> forward = List.copyOf(cb.graph().nodes());
        Map<Node, Node> grads = Autodiff.backward(cb.graph(), cb.root(), cb.seed());
        return new Prepared(cb, forward, grads, Verifier.verify(cb.graph().build()));
    }

    /** The backward graph of the case matches central differences of its forward. */
    static void check(GradCase c) {
        Prepared p = prepare(c);
        CaseBuilder cb = p.values();
        String ir = IrPrinter.print(p.graph());
        assertEquals(cb.params(), List.copyOf(p.grads().keySet()), c.name() + ": every parameter gets a gradient\n"
                + ir);
        ReferenceInterpreter ri = interpreter(cb);
        Map<Node, double[]> values = ri.run(p.graph().nodes(), cb.leaves());
        requireClearOfKinks(c.name(), ri, p.forward(), values);
        Map<Node, double[]> analytic = new LinkedHashMap<>();
        p.grads().forEach((param, grad) -> analytic.put(param, values.get(grad)));
        matchCentralDifferences(c.name(), cb, p.forward(), analytic, ir);
    }

    /**
     * The case's loss is first rewritten by the passes that run before autodiff in a training step (which fuse
     * log-softmax + NLL and sigmoid + BCE into one loss); the gradients of that graph must still match central
     * differences of the case as written. Returns the fused forward graph.
     */
    static Graph checkAfterLossFusion(GradCase c) {
        CaseBuilder cb = build(c);
        List<Node> forward = List.copyOf(cb.graph().nodes());
        cb.graph().output("loss", cb.root());
        Graph fused = Passes.run(Passes.BEFORE_AUTODIFF, cb.graph().build(), PassObserver.NONE);
        GraphBuilder full = GraphBuilder.extending(fused);
        Map<Node, Node> grads = Autodiff.backward(full, fused.outputs().get("loss"), null);
        Graph g = Verifier.verify(full.build());
        String ir = IrPrinter.print(g);
        // Passes rebuild every node; leaves are matched by their op (a parameter's name, an input's binding).
        Map<IrOp, double[]> byOp = new HashMap<>();
        cb.leaves().forEach((n, v) -> byOp.put(n.op(), v));
        Map<Node, double[]> leaves = new HashMap<>();
        for (Node n : g.nodes()) {
            if (n.op() instanceof Param || n.op() instanceof Input) {
                leaves.put(n, byOp.get(n.op()));
            }
        }
        Map<Node, double[]> values = interpreter(cb).run(g.nodes(), leaves);
        requireClearOfKinks(c.name(), interpreter(cb), forward, interpreter(cb).run(forward, cb.leaves()));
        Map<Node, double[]> analytic = new LinkedHashMap<>();
        for (Node param : cb.params()) {
            Node grad = grads.entrySet().stream().filter(e -> e.getKey().op().equals(param.op())).findFirst()
                    .map(Map.Entry::getValue).orElse(null);
            assertNotNull(grad, c.name() + ": no gradient for " + param.op().attributes() + " after fusion\n" + ir);
            analytic.put(param, values.get(grad));
        }
        matchCentralDifferences(c.name() + " (loss fused)", cb, forward, analytic, ir);
        return fused;
    }

    private static CaseBuilder build(GradCase c) {
        CaseBuilder cb = new CaseBuilder(new Random(c.name().hashCode()));
        c.body().accept(cb);
        return cb;
    }

    private static ReferenceInterpreter interpreter(CaseBuilder cb) {
        return new ReferenceInterpreter(CaseBuilder.BATCH_SYMBOL, CaseBuilder.BATCH, cb.masks());
    }

    /** Each parameter's analytic gradient against central differences of the objective over {@code forward}. */
    private static void matchCentralDifferences(String name, CaseBuilder cb, List<Node> forward,
                                                Map<Node, double[]> analytic, String ir) {
        ReferenceInterpreter ri = interpreter(cb);
        for (Map.Entry<Node, double[]> e : analytic.entrySet()) {
            double[] theta = cb.leaves().get(e.getKey());
            double[] numeric = new double[theta.length];
            for (int i = 0; i < theta.length; i++) {
                double saved = theta[i];
                double[] f = new double[OFFSETS.length];
                for (int k = 0; k < f.length; k++) {
                    theta[i] = saved + OFFSETS[k] * STEP;
                    f[k] = objective(cb, ri.run(forward, cb.leaves()));
                }
                theta[i] = saved;
                numeric[i] = (8 * (f[2] - f[1]) - (f[3] - f[0])) / (12 * STEP);
            }
            compare(name + ", gradient of " + e.getKey().op().attributes(), e.getValue(), numeric, ir);
        }
    }

    /**
     * Finite differences are meaningless across a kink: every relu input and every max-pooling window must be
     * {@link #KINK_MARGIN} or more from one, which the values of each case are drawn (or seeded) to ensure.
     */
    private static void requireClearOfKinks(String name, ReferenceInterpreter ri, List<Node> forward,
                                            Map<Node, double[]> values) {
        for (Node n : forward) {
            double distance = Double.POSITIVE_INFINITY;
            if (n.op() instanceof Pointwise p && p.expr().equals(Pointwise.of(PExpr.Fn1.RELU).expr())) {
                for (double x : values.get(n.input(0))) {
                    distance = Math.min(distance, Math.abs(x));
                }
            } else if (n.op() instanceof Pool2d p && p.geometry().max()) {
                distance = ReferenceConvPool.smallestLead(ri, n, p.geometry(), values.get(n.input(0)));
            }
            if (distance < KINK_MARGIN) {
                fail(name + ": an input of " + n + " (" + n.op().name() + ") is " + distance + " from a kink; draw "
                        + "its values away from it (CaseBuilder.Fill) or change the case's values");
            }
        }
    }

    /** The loss at the root, or Σ seed·root. */
    private static double objective(CaseBuilder cb, Map<Node, double[]> values) {
        double[] y = values.get(cb.root());
        if (cb.seed() == null) {
            return y[0];
        }
        double[] w = cb.leaves().get(cb.seed());
        double s = 0;
        for (int i = 0; i < y.length; i++) {
            s += w[i] * y[i];
        }
        return s;
    }

    /** Fails naming the worst element when any |analytic − numeric| exceeds rtol·|numeric| + atol. */
    static void compare(String what, double[] analytic, double[] numeric, String ir) {
        assertEquals(numeric.length, analytic.length, what + ": element count\n" + ir);
        int worst = -1;
        double worstExcess = 0;
        for (int i = 0; i < numeric.length; i++) {
            double excess = Math.abs(analytic[i] - numeric[i])
                    - (RELATIVE_TOLERANCE * Math.abs(numeric[i]) + ABSOLUTE_TOLERANCE);
            if (!(excess <= worstExcess)) {
                worst = i;
                worstExcess = excess;
            }
        }
        if (worst >= 0) {
            fail(what + ": element " + worst + " is " + analytic[worst] + " by the backward graph but "
                    + numeric[worst] + " by central differences\n" + ir);
        }
    }
}
