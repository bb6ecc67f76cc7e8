package dev.nnet.ir;

import dev.nnet.ir.op.IrOp;
import dev.nnet.types.TensorType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Appends nodes in execution order, inferring each type from its op's shape rule. */
public final class GraphBuilder {
    private final String name;
    private final String batchSymbol;
    private final List<Node> nodes = new ArrayList<>();
    private final Map<String, Node> outputs = new LinkedHashMap<>();
    private int nextId;

    public GraphBuilder(String name, String batchSymbol) {
        this.name = name;
        this.batchSymbol = batchSymbol;
    }

    /** Continues numbering after {@code graph}'s nodes, which it starts with. */
    public static GraphBuilder extending(Graph graph) {
        GraphBuilder b = new GraphBuilder(graph.name(), graph.batchSymbol());
        for (Node n : graph.nodes()) {
            b.nodes.add(n);
            b.nextId = Math.max(b.nextId, n.id() + 1);
        }
        b.outputs.putAll(graph.outputs());
        return b;
    }

    public Node add(IrOp op, String origin, String label, Node... inputs) {
        return add(op, Arrays.asList(inputs), origin, label);
    }

    public Node add(IrOp op, List<Node> inputs, String origin, String label) {
        TensorType type = op.infer(inputs.stream().map(Node::type).toList());
        Node n = new Node(nextId++, op, inputs, type, origin, label);
        nodes.add(n);
        return n;
    }

    /** A node keeping {@code like}'s identity-free attributes (origin, label) with a new op and inputs. */
    public Node copy(Node like, IrOp op, List<Node> inputs) {
        return add(op, inputs, like.origin(), like.label());
    }

    public void output(String key, Node n) {
        outputs.put(key, n);
    }

    public List<Node> nodes() {
        return nodes;
    }

    public String batchSymbol() {
        return batchSymbol;
    }

    public Graph build() {
        return new Graph(name, batchSymbol, nodes, outputs);
    }
}
