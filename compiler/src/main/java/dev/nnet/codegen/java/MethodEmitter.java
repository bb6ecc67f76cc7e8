package dev.nnet.codegen.java;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.TypeName;
import dev.nnet.ir.Graph;
import dev.nnet.lower.LoweredGraph;
import dev.nnet.ir.Node;
import dev.nnet.ir.op.Input;
import dev.nnet.ir.op.Trait;
import dev.nnet.ir.op.Param;
import dev.nnet.passes.MemoryPlan;
import dev.nnet.types.Dim;
import dev.nnet.types.ElemType;
import java.util.List;
import java.util.Map;

/**
 * Writes one graph as the body of one method: each node's statements in order, preceded by a comment naming the
 * value and the {@code .nnet} line it comes from. Buffers of the memory plan become fields of the class.
 */
final class MethodEmitter implements JavaEmitter {
    private final ClassBuilder cls;
    private final Graph graph;
    private final MemoryPlan plan;
    private final String bufferPrefix;
    private Map<String, String> inputs;
    private final Map<String, String> params;
    private CodeBlock.Builder body;
    private String profileField;
    /** Renders some nodes in place of {@link OpRenderers}: returns false to leave a node to the table. */
    private java.util.function.BiPredicate<Node, JavaEmitter> override = (n, e) -> false;
    private final List<Node> profiled = new java.util.ArrayList<>();
    private int locals;
    private Map<Node, List<Node>> users;
    /** Loss and gradient nodes written by one call, each mapped to the other ({@link LossWithGradient}). */
    private Map<Node, Node> lossPartners = Map.of();
    /** The Java array of the float data path: the input of predict, forward and the trainer's batch. */
    static final String FLOAT_DATA = "x";
    /** Inputs converted to ints in the current {@link #emit}. */
    private final java.util.Set<String> converted = new java.util.HashSet<>();

    /**
     * @param inputs Java expressions of the graph's inputs by binding name
     * @param params Java expressions of parameter arrays by state name
     */
    MethodEmitter(ClassBuilder cls, LoweredGraph lowered, String bufferPrefix, Map<String, String> inputs,
                  Map<String, String> params) {
        this.cls = cls;
        this.graph = lowered.graph();
        this.plan = lowered.plan();
        this.bufferPrefix = bufferPrefix;
        this.inputs = inputs;
        this.params = params;
    }

    CodeBlock emit() {
        return emit(graph.nodes(), inputs);
    }

    /**
     * One method's share of the graph: {@code nodes} in order, with the graph's inputs bound to {@code inputs}.
     * Buffers follow the whole graph's memory plan, so values that a later part reads survive between the calls.
     */
    CodeBlock emit(List<Node> nodes, Map<String, String> inputs) {
        this.inputs = inputs;
        this.body = CodeBlock.builder();
        this.converted.clear();
        this.lossPartners = LossWithGradient.pairs(nodes);
        for (Node n : nodes) {
            if (n.op().has(Trait.LEAF)) {
                continue;
            }
            String attrs = n.op().attributes();
            body.add("// $L = $L$L : $L   [$L$L]\n", n.label(), n.op().name(), attrs.isEmpty() ? "" : " " + attrs,
                    n.type(), n.origin().isEmpty() ? "generated" : n.origin(), "");
            if (profileField == null) {
                if (!override.test(n, this)) {
                    OpRenderers.render(n, this);
                }
                continue;
            }
            body.addStatement(profiled.isEmpty() ? "long opStart = System.nanoTime()" : "opStart = System.nanoTime()");
            OpRenderers.render(n, this);
            body.addStatement("$L.add($L, $L, System.nanoTime() - opStart)", profileField, profiled.size(), batch());
            profiled.add(n);
        }
        return body.build();
    }

    /**
     * Times each node's code from now on into the {@code StepProfile} held by {@code field}, as entry
     * {@link #profiled()}{@code .indexOf(node)}.
     */
    void profileInto(String field) {
        this.profileField = field;
    }

    /**
     * Lets {@code renderer} write the nodes it accepts (it returns true for them) instead of the op table; the batch-
     * split trainer renders its loss and optimizer steps this way. Not combined with profiling.
     */
    void renderFirst(java.util.function.BiPredicate<Node, JavaEmitter> renderer) {
        this.override = renderer;
    }

    /** The nodes timed so far, in the order of their profile entries. */
    List<Node> profiled() {
        return profiled;
    }

    MemoryPlan plan() {
        return plan;
    }

    @Override
    public String array(Node n) {
        if (n.op() instanceof Input in) {
            String bound = inputs.get(in.binding());
            return FLOAT_DATA.equals(bound) && (n.type().elem() == ElemType.INT || dataInputs() > 1)
                    ? column(n, in.binding()) : bound;
        }
        if (n.op() instanceof Param p) {
            return params.get(p.stateName());
        }
        MemoryPlan.Buffer b = plan.buffer(n);
        if (b == null) {
            Node root = plan.root(n);
            return array(root);
        }
        boolean ints = b.elem() == ElemType.INT;
        TypeName type = ArrayTypeName.of(ints ? TypeName.INT : TypeName.FLOAT);
        String size = sizeExpr(b.perSample(), b.fixed(), "maxBatch");
        // A buffer that holds one value is named after it; one that is reused is numbered and documented.
        String name = b.values().size() == 1 ? bufferPrefix + "_" + b.values().get(0).label()
                : bufferPrefix + b.index();
        String doc = "Buffer " + b.index() + ": " + String.join(", ", b.values().stream().map(Node::label).distinct()
                .toList());
        return cls.field(bufferPrefix + b.index(), name, type, CodeBlock.of("new $L[$L]", ints ? "int" : "float",
                size), doc);
    }

    /**
     * The data path carries one float array {@code x} per batch (Batch, loaders and predict stay as they are): a
     * row per sample with the sample's inputs side by side, ints as floats (exact to 2^24). An int input, or one
     * of several inputs, is copied out once per call into a field of its own, which the IR's values then use.
     */
    private String column(Node input, String binding) {
        List<Node> data = graph.nodes().stream().filter(n -> n.op() instanceof Input in
                && FLOAT_DATA.equals(inputs.get(in.binding()))).toList();
        long width = 0;
        for (Node d : data) {
            long[] size = MemoryPlan.size(d.type().numel(), graph.batchSymbol());
            if (size[1] != 0 || data.size() > 1 && !d.type().dim(0).equals(Dim.sym(graph.batchSymbol()))) {
                throw new IllegalStateException("input " + d.type() + " is one of several model inputs but does not "
                        + "lead with the batch; only batch-first inputs share the data rows");
            }
            width += size[0];
        }
        long offset = 0;
        for (Node d : data) {
            if (d == input) {
                break;
            }
            offset += MemoryPlan.size(d.type().numel(), graph.batchSymbol())[0];
        }
        long count = MemoryPlan.size(input.type().numel(), graph.batchSymbol())[0];
        boolean ints = input.type().elem() == ElemType.INT;
        String field = cls.field("input:" + bufferPrefix + ":" + binding, bufferPrefix + "_" + binding,
                ArrayTypeName.of(ints ? TypeName.INT : TypeName.FLOAT),
                CodeBlock.of("new $L[$L]", ints ? "int" : "float", capacity(input.type().numel())),
                "Input " + binding + " " + input.type() + ", taken from the rows of x");
        if (converted.add(binding)) {
            body.addStatement("$T.$L($L, $L, $L, $L, $L, $L)", dev.nnet.kernels.Rows.class, ints ? "ints" : "floats",
                    batch(), FLOAT_DATA, width, offset, count, field);
        }
        return field;
    }

    /** How many of the graph's inputs ride the data rows. */
    private long dataInputs() {
        return graph.nodes().stream()
                .filter(n -> n.op() instanceof Input in && FLOAT_DATA.equals(inputs.get(in.binding()))).count();
    }

    @Override
    public String count(Node n) {
        return size(n.type().numel());
    }

    @Override
    public String size(Dim d) {
        long[] s = MemoryPlan.size(d, graph.batchSymbol());
        return sizeExpr(s[0], s[1], batch());
    }

    @Override
    public String capacity(Dim d) {
        long[] s = MemoryPlan.size(d, graph.batchSymbol());
        return sizeExpr(s[0], s[1], maxBatch());
    }

    static String sizeExpr(long perSample, long fixed, String batch) {
        if (perSample == 0) {
            return Long.toString(fixed);
        }
        String scaled = perSample == 1 ? batch : batch + " * " + perSample;
        return fixed == 0 ? scaled : scaled + " + " + fixed;
    }

    @Override
    public String batch() {
        return "n";
    }

    @Override
    public String maxBatch() {
        return "maxBatch";
    }

    @Override
    public String rng() {
        return "rng";
    }

    @Override
    public String step() {
        return "step";
    }

    @Override
    public String field(String key, String nameHint, TypeName type, CodeBlock init) {
        return cls.field(key, nameHint, type, init, null);
    }

    @Override
    public String nodeKey(Node n, String kind) {
        return kind + ":" + graph.name() + ":" + n.id();
    }

    @Override
    public Node lossPartner(Node n) {
        Node partner = lossPartners.get(n);
        if (partner == null) {
            return null;
        }
        // A gradient written over its own prediction keeps the two calls (the loss reads the prediction first).
        Node grad = partner.op() instanceof dev.nnet.ir.op.LossGrad ? partner : n;
        MemoryPlan.Buffer written = plan.buffer(grad);
        return written != null && written == plan.buffer(grad.input(0)) ? null : partner;
    }

    @Override
    public List<Node> users(Node n) {
        if (users == null) {
            users = graph.users();
        }
        return users.getOrDefault(n, List.of());
    }

    @Override
    public void statement(String format, Object... args) {
        body.addStatement(format, args);
    }

    @Override
    public void code(CodeBlock block) {
        body.add(block);
    }

    @Override
    public String local(String hint) {
        return hint + (locals++ == 0 ? "" : Integer.toString(locals - 1));
    }
}
