package dev.nnet.ir;

import dev.nnet.types.TensorType;
import java.util.HashSet;
import java.util.Set;

/** Checks a graph is well formed: inputs defined before use, ids unique, every type what its op's rule says. */
public final class Verifier {
    private Verifier() {
    }

    public static Graph verify(Graph g) {
        Set<Node> seen = new HashSet<>();
        Set<Integer> ids = new HashSet<>();
        for (Node n : g.nodes()) {
            if (!ids.add(n.id())) {
                throw new IrException(g.name() + ": id " + n + " is used twice");
            }
            for (Node in : n.inputs()) {
                if (!seen.contains(in)) {
                    throw new IrException(g.name() + ": " + IrPrinter.line(n) + " uses " + in + " before it is defined");
                }
            }
            TensorType expected;
            try {
                expected = n.op().infer(n.inputs().stream().map(Node::type).toList());
            } catch (IrException e) {
                throw new IrException(g.name() + ": " + IrPrinter.line(n) + ": " + e.getMessage());
            }
            if (!expected.equals(n.type())) {
                throw new IrException(g.name() + ": " + IrPrinter.line(n) + " should have type " + expected);
            }
            seen.add(n);
        }
        for (Node out : g.outputs().values()) {
            if (!seen.contains(out)) {
                throw new IrException(g.name() + ": output " + out + " is not in the graph");
            }
        }
        return g;
    }
}
