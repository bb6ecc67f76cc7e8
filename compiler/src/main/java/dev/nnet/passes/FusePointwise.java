package dev.nnet.passes;

import dev.nnet.ir.Graph;
import dev.nnet.ir.Node;
import dev.nnet.ir.Rewriter;
import dev.nnet.ir.op.PExpr;
import dev.nnet.ir.op.Pointwise;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Merges chains of element-wise nodes into one loop: an element-wise input of the same shape whose only user is
 * this node is substituted into its expression, so the intermediate is never written to memory. A fused
 * expression stops growing at {@link #MAX_FUNCTIONS} functions: a loop body of that size is already bound by
 * memory, and a bound keeps the pass linear and the generated expression small enough for javac on any chain.
 */
public final class FusePointwise implements Pass {
    static final int MAX_FUNCTIONS = 32;

    @Override
    public String name() {
        return "fuse-pointwise";
    }

    @Override
    public Graph apply(Graph g) {
        Map<Node, List<Node>> users = g.users();
        return Rewriter.rewrite(g, (r, old) -> {
            if (!(old.op() instanceof Pointwise p)) {
                return null;
            }
            List<Node> inputs = new ArrayList<>();
            List<PExpr> substitutes = new ArrayList<>();
            boolean fused = false;
            int size = p.expr().size();
            for (Node in : old.inputs()) {
                Node mapped = r.map(in);
                boolean inline = mapped.op() instanceof Pointwise q && users.get(in).size() == 1
                        && !g.outputs().containsValue(in) && in.type().dims().equals(old.type().dims())
                        && size + q.expr().size() <= MAX_FUNCTIONS;
                if (inline) {
                    Pointwise q = (Pointwise) mapped.op();
                    List<PExpr> renumbered = new ArrayList<>();
                    for (Node qi : mapped.inputs()) {
                        renumbered.add(PExpr.in(indexOf(inputs, qi)));
                    }
                    substitutes.add(q.expr().substitute(renumbered));
                    size += q.expr().size();
                    fused = true;
                } else {
                    substitutes.add(PExpr.in(indexOf(inputs, mapped)));
                }
            }
            return fused ? r.add(old, new Pointwise(p.expr().substitute(substitutes)), inputs) : null;
        });
    }

    /** The position of {@code n} among {@code inputs}, appending it the first time. */
    private static int indexOf(List<Node> inputs, Node n) {
        int i = inputs.indexOf(n);
        if (i < 0) {
            inputs.add(n);
            i = inputs.size() - 1;
        }
        return i;
    }
}
