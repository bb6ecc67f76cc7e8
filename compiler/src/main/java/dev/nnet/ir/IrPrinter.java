package dev.nnet.ir;

import java.util.Map;
import java.util.stream.Collectors;

/**
 * The stable text form of a graph ({@code nnetc compile --emit=ir}), one node per line:
 * {@code %7 = linear(%3, %4, %5) act=relu : [N, 128]  // fc1 @ mnist-mlp-3.nnet:11}.
 */
public final class IrPrinter {
    private IrPrinter() {
    }

    public static String print(Graph g) {
        StringBuilder sb = new StringBuilder();
        sb.append("graph ").append(g.name()).append(" (batch ").append(g.batchSymbol()).append(") {\n");
        for (Node n : g.nodes()) {
            sb.append("  ").append(line(n)).append('\n');
        }
        for (Map.Entry<String, Node> out : g.outputs().entrySet()) {
            sb.append("  output ").append(out.getKey()).append(" = ").append(out.getValue()).append('\n');
        }
        return sb.append("}\n").toString();
    }

    static String line(Node n) {
        String args = n.inputs().stream().map(Node::toString).collect(Collectors.joining(", "));
        String attrs = n.op().attributes();
        String call = n.inputs().isEmpty() ? n.op().name() : n.op().name() + "(" + args + ")";
        return n + " = " + call + (attrs.isEmpty() ? "" : " " + attrs) + " : "
                + n.type() + "  // " + n.label() + (n.origin().isEmpty() ? "" : " @ " + n.origin());
    }
}
