package dev.nnet.passes;

import dev.nnet.ir.Graph;
import dev.nnet.ir.Node;
import dev.nnet.ir.Rewriter;
import dev.nnet.ir.op.Input;
import dev.nnet.ir.op.Trait;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Removes nodes no output or effect depends on. Inputs stay: they are the function's signature. */
public final class DeadCode implements Pass {
    @Override
    public String name() {
        return "dead-code";
    }

    @Override
    public Graph apply(Graph g) {
        Set<Node> live = new HashSet<>();
        Deque<Node> work = new ArrayDeque<>(g.outputs().values());
        for (Node n : g.nodes()) {
            if (n.op().has(Trait.EFFECT) || n.op() instanceof Input) {
                work.add(n);
            }
        }
        while (!work.isEmpty()) {
            Node n = work.pop();
            if (live.add(n)) {
                work.addAll(n.inputs());
            }
        }
        List<Node> dead = g.nodes().stream().filter(n -> !live.contains(n)).toList();
        if (dead.isEmpty()) {
            return g;
        }
        return Rewriter.rewrite(g, (r, old) -> live.contains(old) ? null : Rewriter.DROP);
    }
}
