package dev.nnet.passes;

import dev.nnet.ir.Graph;
import dev.nnet.ir.Node;
import dev.nnet.ir.op.Trait;
import dev.nnet.types.Dim;
import dev.nnet.types.ElemType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Assigns every computed value a buffer, reusing a buffer once every reader of its previous value has run
 * (liveness over the execution order) and writing element-wise results in place over an input that dies there.
 * Reshapes alias their input. Buffers are sized for the largest batch and allocated once, when the generated
 * object is built, so a step allocates nothing.
 */
public final class MemoryPlan {
    /** A buffer: {@code perSample · batch + fixed} elements at most. */
    public static final class Buffer {
        private final int index;
        private final ElemType elem;
        private long perSample;
        private long fixed;
        private final List<Node> values = new ArrayList<>();

        Buffer(int index, ElemType elem) {
            this.index = index;
            this.elem = elem;
        }

        public int index() {
            return index;
        }

        public ElemType elem() {
            return elem;
        }

        public long perSample() {
            return perSample;
        }

        public long fixed() {
            return fixed;
        }

        /** The values stored here over time, for comments in the generated code. */
        public List<Node> values() {
            return values;
        }
    }

    private final Map<Node, Buffer> assigned = new HashMap<>();
    private final Map<Node, Node> aliasOf = new HashMap<>();
    private final List<Buffer> buffers = new ArrayList<>();

    private MemoryPlan() {
    }

    /** Plans one graph; {@code keep} are values that must survive to the end (outputs, saved activations). */
    public static MemoryPlan plan(Graph g, String batchSymbol) {
        MemoryPlan p = new MemoryPlan();
        Map<Node, Integer> lastUse = new HashMap<>();
        List<Node> nodes = g.nodes();
        for (int i = 0; i < nodes.size(); i++) {
            for (Node in : nodes.get(i).inputs()) {
                lastUse.put(p.root(in), i);
            }
            if (nodes.get(i).op().has(Trait.ALIASES_INPUT)) {
                p.aliasOf.put(nodes.get(i), p.root(nodes.get(i).input(0)));
            }
        }
        for (Node out : g.outputs().values()) {
            lastUse.put(p.root(out), Integer.MAX_VALUE);
        }
        Map<Buffer, Integer> busyUntil = new LinkedHashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            Node n = nodes.get(i);
            if (n.op().has(Trait.LEAF) || n.op().has(Trait.ALIASES_INPUT) || n.op().has(Trait.EFFECT)) {
                continue;
            }
            long[] size = size(n.type().numel(), batchSymbol);
            Buffer chosen = null;
            if (n.op().has(Trait.IN_PLACE)) {
                chosen = p.inPlace(n, i, lastUse, busyUntil);
            }
            if (chosen == null) {
                chosen = p.free(n.type().elem(), size, i, busyUntil);
            }
            chosen.perSample = Math.max(chosen.perSample, size[0]);
            chosen.fixed = Math.max(chosen.fixed, size[1]);
            chosen.values.add(n);
            p.assigned.put(n, chosen);
            busyUntil.put(chosen, lastUse.getOrDefault(n, i));
        }
        return p;
    }

    /** An input buffer this element-wise node may overwrite: same shape, and this node is its last reader. */
    private Buffer inPlace(Node n, int i, Map<Node, Integer> lastUse, Map<Buffer, Integer> busyUntil) {
        for (Node in : n.inputs()) {
            Buffer b = assigned.get(root(in));
            if (b != null && in.type().dims().equals(n.type().dims()) && in.type().elem() == n.type().elem()
                    && lastUse.getOrDefault(root(in), -1) == i && busyUntil.get(b) == i) {
                return b;
            }
        }
        return null;
    }

    /** A buffer no live value occupies, preferring one already large enough; a new one if none is free. */
    private Buffer free(ElemType elem, long[] size, int i, Map<Buffer, Integer> busyUntil) {
        Buffer best = null;
        for (Map.Entry<Buffer, Integer> e : busyUntil.entrySet()) {
            Buffer b = e.getKey();
            if (e.getValue() >= i || b.elem != elem) {
                continue;
            }
            boolean fits = b.perSample >= size[0] && b.fixed >= size[1];
            if (best == null || fits && !(best.perSample >= size[0] && best.fixed >= size[1])) {
                best = b;
            }
        }
        if (best == null) {
            best = new Buffer(buffers.size(), elem);
            buffers.add(best);
        }
        return best;
    }

    /** The node whose storage {@code n} uses (itself unless it is a reshape). */
    public Node root(Node n) {
        Node r = aliasOf.get(n);
        return r == null ? n : r;
    }

    /** The buffer of a computed value, or null for inputs and parameters (bound elsewhere). */
    public Buffer buffer(Node n) {
        return assigned.get(root(n));
    }

    public List<Buffer> buffers() {
        return buffers;
    }

    /** {@code [perSample, fixed]} with numel = perSample · batch + fixed; other symbols are not supported. */
    public static long[] size(Dim numel, String batchSymbol) {
        long fixed = numel.substitute(Map.of(batchSymbol, Dim.of(0))).constant()
                .orElseThrow(() -> new dev.nnet.ir.IrException("size " + numel + " has symbols besides the batch"));
        long one = numel.substitute(Map.of(batchSymbol, Dim.of(1))).constant().orElseThrow();
        long two = numel.substitute(Map.of(batchSymbol, Dim.of(2))).constant().orElseThrow();
        if (two - one != one - fixed) {
            throw new dev.nnet.ir.IrException("size " + numel + " is not linear in the batch");
        }
        return new long[] {one - fixed, fixed};
    }
}
