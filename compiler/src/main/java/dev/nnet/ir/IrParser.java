package dev.nnet.ir;

import dev.nnet.ir.op.IrOp;
import dev.nnet.ir.op.OpSyntax;
import dev.nnet.types.TensorType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the text form {@link IrPrinter} writes back into graphs, so a pass can be tested as text in, text out
 * (in the spirit of MLIR's lit tests). Each node's declared type must be the one its op's rule infers.
 */
public final class IrParser {
    private IrParser() {
    }

    /** Every graph in {@code text}, in order; blank lines and lines starting with {@code //} between graphs are skipped. */
    public static List<Graph> parseAll(String text) {
        List<Graph> graphs = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("//")) {
                continue;
            }
            if (!line.startsWith("graph ") || !line.endsWith("{")) {
                throw error(i, "expected `graph NAME (batch N) {`, found `" + line + "`");
            }
            int end = i + 1;
            while (end < lines.length && !lines[end].strip().equals("}")) {
                end++;
            }
            if (end == lines.length) {
                throw error(i, "graph has no closing `}`");
            }
            graphs.add(graph(lines, i, end));
            i = end;
        }
        return graphs;
    }

    /** The one graph in {@code text}. */
    public static Graph parse(String text) {
        List<Graph> graphs = parseAll(text);
        if (graphs.size() != 1) {
            throw new IrException("expected one graph, found " + graphs.size());
        }
        return graphs.get(0);
    }

    private static Graph graph(String[] lines, int header, int close) {
        String h = lines[header].strip();
        int paren = h.indexOf(" (batch ");
        if (paren < 0 || !h.endsWith(") {")) {
            throw error(header, "expected `graph NAME (batch N) {`");
        }
        String name = h.substring("graph ".length(), paren);
        String batch = h.substring(paren + " (batch ".length(), h.length() - ") {".length());
        Map<String, Node> byName = new HashMap<>();
        List<Node> nodes = new ArrayList<>();
        Map<String, Node> outputs = new LinkedHashMap<>();
        for (int i = header + 1; i < close; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            try {
                if (line.startsWith("output ")) {
                    String[] parts = line.substring("output ".length()).split(" = ");
                    outputs.put(parts[0].strip(), lookup(byName, parts[1].strip()));
                } else {
                    Node n = node(line, byName);
                    byName.put(n.toString(), n);
                    nodes.add(n);
                }
            } catch (IrException | NumberFormatException e) {
                throw error(i, e.getMessage());
            }
        }
        return Verifier.verify(new Graph(name, batch, nodes, outputs));
    }

    /** {@code %7 = linear(%3, %4, %5) act=relu : [N, 128]  // fc1 @ mnist-mlp-3.nnet:11}. */
    private static Node node(String line, Map<String, Node> byName) {
        int comment = line.indexOf("  // ");
        String code = comment < 0 ? line : line.substring(0, comment);
        String note = comment < 0 ? "" : line.substring(comment + "  // ".length());
        int at = note.lastIndexOf(" @ ");
        String label = at < 0 ? note : note.substring(0, at);
        String origin = at < 0 ? "" : note.substring(at + " @ ".length());
        int eq = code.indexOf(" = ");
        int colon = code.lastIndexOf(" : ");
        if (!code.startsWith("%") || eq < 0 || colon < eq) {
            throw new IrException("expected `%ID = OP(...) ATTRIBUTES : TYPE`, found `" + line + "`");
        }
        int id = Integer.parseInt(code.substring(1, eq));
        TensorType type = IrText.type(code.substring(colon + " : ".length()));
        String call = code.substring(eq + " = ".length(), colon).strip();
        int nameEnd = 0;
        while (nameEnd < call.length() && (Character.isLetterOrDigit(call.charAt(nameEnd)) || call.charAt(nameEnd) == '_')) {
            nameEnd++;
        }
        String opName = call.substring(0, nameEnd);
        List<Node> inputs = new ArrayList<>();
        String rest = call.substring(nameEnd);
        if (rest.startsWith("(")) {
            int closing = rest.indexOf(')');
            for (String ref : rest.substring(1, closing).split(",")) {
                inputs.add(lookup(byName, ref.strip()));
            }
            rest = rest.substring(closing + 1);
        }
        List<TensorType> inputTypes = inputs.stream().map(Node::type).toList();
        IrOp op = OpSyntax.read(opName, new OpSyntax.Line(rest.strip(), inputTypes, type));
        return new Node(id, op, inputs, type, origin, label);
    }

    private static Node lookup(Map<String, Node> byName, String ref) {
        Node n = byName.get(ref);
        if (n == null) {
            throw new IrException(ref + " is used before it is defined");
        }
        return n;
    }

    private static IrException error(int line, String message) {
        return new IrException("line " + (line + 1) + ": " + message);
    }
}
