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
 * this node is substituted into its expression, so the intermediate is never written to memory.
 */
public final class FusePointwise implements Pass {
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
            for (Node in : old.inputs()) {
                Node mapped = r.map(in);
                boolean inline = mapped.op() instanceof Pointwise q && users.get(in).size() == 1
                        && !g.outputs().containsValue(in) && in.type().dims().equals(old.type().dims());
                if (inline) {
                    Pointwise q = (Pointwise) mapped.op();
                    List<PExpr> renumbered = new ArrayList<>();
                    for (Node qi : mapped.inputs()) {
                        renumbered.add(PExpr.in(indexOf(inputs, qi)));
                    }
                    substitutes.add(q.expr().substitute(renumbered));
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
