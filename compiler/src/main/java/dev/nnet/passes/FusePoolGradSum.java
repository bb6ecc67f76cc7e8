package dev.nnet.passes;

import dev.nnet.ir.Graph;
import dev.nnet.ir.Node;
import dev.nnet.ir.Rewriter;
import dev.nnet.ir.op.PExpr;
import dev.nnet.ir.op.Pointwise;
import dev.nnet.ir.op.Pool2dGrad;
import java.util.List;
import java.util.Map;

/**
 * Where a pooled value feeds two paths (a residual block's input: its convolution and the skip), autodiff adds the
 * two gradients in a loop of their own before the max pooling's gradient. The pooling's gradient takes both instead
 * and adds them per element in its scatter, so the sum is never stored: the same float addition, in the same order.
 */
public final class FusePoolGradSum implements Pass {
    @Override
    public String name() {
        return "fuse-pool-grad-sum";
    }

    @Override
    public Graph apply(Graph g) {
        Map<Node, List<Node>> users = g.users();
        return Rewriter.rewrite(g, (r, old) -> {
            if (old.op() instanceof Pointwise && sumForPooling(g, users, old)) {
                return Rewriter.DROP;
            }
            if (old.op() instanceof Pool2dGrad p && old.inputs().size() == 2 && sumForPooling(g, users, old.input(0))) {
                Node sum = old.input(0);
                return r.add(old, p, List.of(r.map(sum.input(0)), r.map(old.input(1)), r.map(sum.input(1))));
            }
            return null;
        });
    }

    /** add($0, $1) of two values of its own shape, whose only user is a max pooling's two-input gradient. */
    private static boolean sumForPooling(Graph g, Map<Node, List<Node>> users, Node n) {
        if (!(n.op() instanceof Pointwise p && p.expr() instanceof PExpr.Call2 c && c.fn() == PExpr.Fn2.ADD
                && c.a() instanceof PExpr.In a && a.index() == 0 && c.b() instanceof PExpr.In b && b.index() == 1
                && n.inputs().size() == 2 && !g.outputs().containsValue(n))) {
            return false;
        }
        List<Node> u = users.getOrDefault(n, List.of());
        return n.input(0).type().dims().equals(n.type().dims()) && n.input(1).type().dims().equals(n.type().dims())
                && u.size() == 1 && u.get(0).op() instanceof Pool2dGrad grad && grad.geometry().max()
                && u.get(0).inputs().size() == 2 && u.get(0).input(0) == n && u.get(0).input(1) != n;
    }
}
