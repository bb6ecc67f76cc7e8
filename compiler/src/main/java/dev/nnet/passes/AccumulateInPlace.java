package dev.nnet.passes;

import dev.nnet.ir.Graph;
import dev.nnet.ir.Node;
import dev.nnet.ir.Rewriter;
import dev.nnet.ir.op.AccumulateGrad;
import dev.nnet.ir.op.AccumulatesInto;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a parameter's {@code .grad} accumulation adds a weight or bias gradient that nothing else reads, the
 * gradient's kernel adds into {@code .grad} itself (a GEMM with beta = 1, an accumulating reduction), so the
 * gradient needs no buffer and no copy loop.
 */
public final class AccumulateInPlace implements Pass {
    @Override
    public String name() {
        return "accumulate-in-place";
    }

    @Override
    public Graph apply(Graph g) {
        Map<Node, List<Node>> users = g.users();
        // Each folded gradient, with the parameter it adds into; the effect takes the gradient's place in the
        // order, so its operands die as early as before.
        Map<Node, String> folded = new HashMap<>();
        for (Node n : g.nodes()) {
            if (n.op() instanceof AccumulateGrad acc) {
                Node grad = n.input(1);
                if (grad.op() instanceof AccumulatesInto a && a.into() == null && users.get(grad).size() == 1
                        && !g.outputs().containsValue(grad)) {
                    folded.put(grad, acc.parameter());
                }
            }
        }
        if (folded.isEmpty()) {
            return g;
        }
        return Rewriter.rewrite(g, (r, old) -> {
            if (folded.containsKey(old)) {
                return r.add(old, ((AccumulatesInto) old.op()).accumulatingInto(folded.get(old)), r.map(old.inputs()));
            }
            return old.op() instanceof AccumulateGrad && folded.containsKey(old.input(1)) ? Rewriter.DROP : null;
        });
    }
}
