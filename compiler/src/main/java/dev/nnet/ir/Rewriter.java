package dev.nnet.ir;

import dev.nnet.ir.op.IrOp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Rebuilds a graph node by node in order: a rule may replace a node (with a new node or one already built), drop
 * it, or let it be copied with its inputs remapped. Ids are kept for copied nodes so dumps stay comparable.
 */
public final class Rewriter {
    /** Decides what becomes of one node; returns null to copy it unchanged. */
    public interface Rule {
        Node rewrite(Rewriter r, Node old);
    }

    /** Returned by a rule to leave a node out; nothing may use it afterwards. */
    public static final Node DROP = new Node(-1, null, List.of(), null, "", "dropped");

    private final GraphBuilder out;
    private final Map<Node, Node> map = new HashMap<>();

    private Rewriter(Graph g) {
        this.out = new GraphBuilder(g.name(), g.batchSymbol());
    }

    public static Graph rewrite(Graph g, Rule rule) {
        Rewriter r = new Rewriter(g);
        for (Node old : g.nodes()) {
            Node replacement = rule.rewrite(r, old);
            if (replacement != DROP) {
                r.map.put(old, replacement != null ? replacement : r.copy(old));
            }
        }
        for (Map.Entry<String, Node> o : g.outputs().entrySet()) {
            r.out.output(o.getKey(), r.map(o.getValue()));
        }
        return r.out.build();
    }

    /** The new node standing for {@code old}. */
    public Node map(Node old) {
        Node n = map.get(old);
        if (n == null) {
            throw new IrException("rewrite uses " + old + " before it was rebuilt");
        }
        return n;
    }

    public List<Node> map(List<Node> old) {
        List<Node> out = new ArrayList<>();
        for (Node n : old) {
            out.add(map(n));
        }
        return out;
    }

    public Node copy(Node old) {
        return out.add(old.op(), map(old.inputs()), old.origin(), old.label());
    }

    /** A new node with {@code like}'s origin and label. */
    public Node add(Node like, IrOp op, List<Node> newInputs) {
        return out.add(op, newInputs, like.origin(), like.label());
    }
}
