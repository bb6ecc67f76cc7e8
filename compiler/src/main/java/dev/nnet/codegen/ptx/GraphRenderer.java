package dev.nnet.codegen.ptx;

import dev.nnet.ir.Graph;
import dev.nnet.ir.Node;
import dev.nnet.ir.op.Input;
import dev.nnet.ir.op.Param;
import dev.nnet.ir.op.Trait;
import dev.nnet.lower.LoweredGraph;
import dev.nnet.passes.MemoryPlan;
import dev.nnet.types.Dim;
import dev.nnet.types.ElemType;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders one graph into a module: each node's kernels in order, with the device buffers of the graph's memory plan
 * (the same plan the Java backend uses). {@code role} prefixes kernel and buffer names: {@code train}, {@code eval}.
 */
final class GraphRenderer implements PtxEmitter {
    private final ModuleBuilder module;
    private final Graph graph;
    private final MemoryPlan plan;
    private final String role;
    private Node current;
    private final java.util.Map<String, Kernel> prepared = new java.util.HashMap<>();

    private GraphRenderer(ModuleBuilder module, LoweredGraph lowered, String role) {
        this.module = module;
        this.graph = lowered.graph();
        this.plan = lowered.plan();
        this.role = role;
    }

    static void render(ModuleBuilder module, LoweredGraph lowered, String role) {
        GraphRenderer r = new GraphRenderer(module, lowered, role);
        module.launches(role);
        for (Node n : r.graph.nodes()) {
            if (n.op().has(Trait.LEAF)) {
                continue;
            }
            r.current = n;
            PtxRenderers.render(n, r);
        }
        r.graph.outputs().forEach((name, n) -> module.output(role, name, r.bufferOf(n)));
    }

    /** The device buffer of a graph output (the train step's {@code loss}, the evaluation's {@code output}). */
    static DeviceBuffer outputBuffer(ModuleBuilder module, LoweredGraph lowered, String role, String output) {
        GraphRenderer r = new GraphRenderer(module, lowered, role);
        return r.bufferOf(lowered.graph().outputs().get(output));
    }

    /** The node's line as the Java backend's comment writes it. */
    static String describe(Node n) {
        String attrs = n.op().attributes();
        return n.label() + " = " + n.op().name() + (attrs.isEmpty() ? "" : " " + attrs) + " : " + n.type() + "   ["
                + (n.origin().isEmpty() ? "generated" : n.origin()) + "]";
    }

    @Override
    public Kernel kernel(String what, String... why) {
        List<String> comments = new ArrayList<>();
        comments.add(describe(current));
        comments.addAll(List.of(why));
        return new Kernel(module.kernelName(role + "_" + current.label() + "_" + what), comments);
    }

    @Override
    public DeviceBuffer bufferOf(Node n) {
        if (n.op() instanceof Input in) {
            boolean target = in.binding().equals("target");
            return module.buffer(new DeviceBuffer("input:" + in.binding(), target ? "target" : in.binding(),
                    target ? DeviceBuffer.Kind.TARGET : DeviceBuffer.Kind.INPUT,
                    n.type().elem() == ElemType.INT, count(n), in.binding()));
        }
        if (n.op() instanceof Param p) {
            return module.buffer(new DeviceBuffer("param:" + p.stateName(), p.stateName(),
                    DeviceBuffer.Kind.PARAMETER, false, count(n), p.stateName()));
        }
        MemoryPlan.Buffer b = plan.buffer(n);
        if (b == null) {
            return bufferOf(plan.root(n));
        }
        // As in the Java backend: a buffer holding one value is named after it, a shared one is numbered.
        String hint = b.values().size() == 1 ? role + "_" + b.values().get(0).label() : role + b.index();
        return module.buffer(new DeviceBuffer(role + ":" + b.index(), hint, DeviceBuffer.Kind.PLAN,
                b.elem() == ElemType.INT, new Size(b.perSample(), b.fixed()), null));
    }

    @Override
    public String pointer(Kernel k, DeviceBuffer b, String hint) {
        String r = k.pointer(hint);
        k.bind(new Launch.Arg.Buffer(b));
        return r;
    }

    @Override
    public DeviceBuffer state(String parameter, String slot, Node p) {
        String name = "optimizer." + parameter + "." + slot;
        return module.buffer(new DeviceBuffer("state:" + name, parameter + "_" + slot, DeviceBuffer.Kind.STATE,
                false, count(p), name));
    }

    @Override
    public DeviceBuffer gradient(String parameter, Size count) {
        return module.buffer(new DeviceBuffer("grad:" + parameter, parameter + "_grad", DeviceBuffer.Kind.WORK,
                false, count, parameter + ".grad"));
    }

    @Override
    public DeviceBuffer workspace(String key, String hint, boolean ints, Size capacity) {
        return module.buffer(new DeviceBuffer("work:" + key, hint, DeviceBuffer.Kind.WORK, ints, capacity, null));
    }

    @Override
    public String nodeKey(Node n, String kind) {
        return kind + ":" + role + ":" + n.id();
    }

    @Override
    public DeviceBuffer mask(Node dropout, float p) {
        String key = "mask:" + nodeKey(dropout, "dropout");
        boolean first = module.masks(role).stream().noneMatch(m -> m.buffer().key().equals(key));
        DeviceBuffer b = module.buffer(new DeviceBuffer(key, dropout.label() + "Mask", DeviceBuffer.Kind.MASK, false,
                count(dropout), key));
        if (first) {
            module.masks(role).add(new PtxModule.Mask(b, p, count(dropout)));
        }
        return b;
    }

    @Override
    public Size size(Dim d) {
        return Size.of(d, graph.batchSymbol());
    }

    @Override
    public void launch(Kernel k, Launch.Grid grid) {
        module.add(k);
        module.launches(role).add(new Launch(k.name(), k.args(), grid, describe(current), null, List.of()));
    }

    @Override
    public void launch(Kernel k, Launch.Grid grid, Launch.Blas blas, List<Launch> afterBlas) {
        module.add(k);
        module.launches(role).add(new Launch(k.name(), k.args(), grid, describe(current), blas, afterBlas));
        // Kernels prepared for this launch follow it in the text, in the order they run.
        for (Launch after : afterBlas) {
            module.add(prepared.remove(after.kernel()));
        }
    }

    @Override
    public Launch prepare(Kernel k, Launch.Grid grid) {
        prepared.put(k.name(), k);
        return new Launch(k.name(), k.args(), grid, describe(current), null, List.of());
    }
}
