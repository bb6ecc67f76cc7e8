package dev.nnet.ir;

import dev.nnet.ir.op.IrOp;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A function in the IR: nodes in a valid execution order (every input before its users), named outputs, and the
 * batch symbol ({@code N}) that sizes stay symbolic in. Immutable once built.
 */
public final class Graph {
    private final String name;
    private final String batchSymbol;
    private final List<Node> nodes;
    private final Map<String, Node> outputs;

    public Graph(String name, String batchSymbol, List<Node> nodes, Map<String, Node> outputs) {
        this.name = name;
        this.batchSymbol = batchSymbol;
        this.nodes = List.copyOf(nodes);
        this.outputs = Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
    }

    public String name() {
        return name;
    }

    public String batchSymbol() {
        return batchSymbol;
    }

    public List<Node> nodes() {
        return nodes;
    }

    public Map<String, Node> outputs() {
        return outputs;
    }

    /** Nodes whose op is {@code type}, in order. */
    public <T extends IrOp> List<Node> nodesOf(Class<T> type) {
        List<Node> out = new ArrayList<>();
        for (Node n : nodes) {
            if (type.isInstance(n.op())) {
                out.add(n);
            }
        }
        return out;
    }

    /** For each node, the nodes that use it, in order. */
    public Map<Node, List<Node>> users() {
        Map<Node, List<Node>> users = new LinkedHashMap<>();
        for (Node n : nodes) {
            users.putIfAbsent(n, new ArrayList<>());
            for (Node in : n.inputs()) {
                users.computeIfAbsent(in, k -> new ArrayList<>()).add(n);
            }
        }
        return users;
    }
}
