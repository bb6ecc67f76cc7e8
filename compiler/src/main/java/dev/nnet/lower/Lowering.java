package dev.nnet.lower;

import dev.nnet.autodiff.Autodiff;
import dev.nnet.check.TrainSettings;
import dev.nnet.check.TypedModel;
import dev.nnet.diag.SourceFile;
import dev.nnet.ir.Graph;
import dev.nnet.ir.GraphBuilder;
import dev.nnet.ir.IrException;
import dev.nnet.ir.Node;
import dev.nnet.ir.Verifier;
import dev.nnet.ir.op.AccumulateGrad;
import dev.nnet.ir.op.Input;
import dev.nnet.ir.op.Loss;
import dev.nnet.ir.op.LossKind;
import dev.nnet.ir.op.Optimizer;
import dev.nnet.ir.op.Param;
import dev.nnet.ir.op.Update;
import dev.nnet.passes.Pass;
import dev.nnet.passes.PassObserver;
import dev.nnet.passes.Passes;
import dev.nnet.types.Dim;
import dev.nnet.types.ElemType;
import dev.nnet.types.TensorType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds the IR functions a model and its train block compile to: inference, the model's own forward and backward
 * passes, one training step (forward, loss, backward, update) and one evaluation step. {@code optimized} runs the
 * pass catalogue on each. Used by {@link Pipeline} only.
 */
final class Lowering {
    /** The input of {@link #forwardBackward} that carries the gradient of a loss with respect to the output. */
    static final String OUTPUT_GRADIENT = "dOutput";

    private final SourceFile file;
    private final boolean optimized;
    private final PassObserver observer;

    Lowering(SourceFile file, boolean optimized, PassObserver observer) {
        this.file = file;
        this.optimized = optimized;
        this.observer = observer;
    }

    /** Sizes besides the batch that a model is compiled for, by model name (see {@link SizeSymbols}). */
    private final Map<String, Map<String, Dim>> sizes = new HashMap<>();

    void bindSizes(TypedModel model, Map<String, Dim> values) {
        sizes.put(model.name(), values);
    }

    private Map<String, Dim> sizes(TypedModel model) {
        return sizes.getOrDefault(model.name(), Map.of());
    }

    private Graph run(List<Pass> passes, Graph g) {
        return Passes.run(passes, g, observer);
    }

    /** The model's forward pass in evaluation mode, output {@code output}. */
    Graph predict(TypedModel model) {
        GraphBuilder b = new GraphBuilder(model.name() + ".predict", batchSymbol(model));
        b.output("output", ForwardLowering.lower(model, file, b, false, sizes(model)));
        Graph g = b.build();
        return optimized ? run(Passes.AFTER_AUTODIFF, g) : g;
    }

    /**
     * The model's forward pass in training mode (dropout active), output {@code output}, then its backward pass:
     * from the input {@value #OUTPUT_GRADIENT} (the gradient of some loss with respect to the output) to an
     * {@link AccumulateGrad} per parameter. Nodes are ordered so that every node before the
     * {@value #OUTPUT_GRADIENT} input is independent of it (the forward pass, run first) and every node after it
     * depends on it (the backward pass, run later, reading what the forward computed).
     */
    Graph forwardBackward(TypedModel model) {
        GraphBuilder b = new GraphBuilder(model.name() + ".forward_backward", batchSymbol(model));
        b.output("output", ForwardLowering.lower(model, file, b, true, sizes(model)));
        Graph forward = b.build();
        if (optimized) {
            forward = run(Passes.BEFORE_AUTODIFF, forward);
        }
        GraphBuilder full = GraphBuilder.extending(forward);
        Node out = forward.outputs().get("output");
        Node seed = full.add(new Input(OUTPUT_GRADIENT, out.type()), "", OUTPUT_GRADIENT);
        for (Map.Entry<Node, Node> e : Autodiff.backward(full, out, seed).entrySet()) {
            String name = ((Param) e.getKey().op()).stateName();
            full.add(new AccumulateGrad(name), e.getValue().origin(), name, e.getKey(), e.getValue());
        }
        Graph g = full.build();
        return forwardThenBackward(optimized ? run(Passes.AFTER_AUTODIFF, g) : g);
    }

    /**
     * Moves every node that does not depend on the output gradient before it, keeping the relative order, and each
     * accumulation right after its gradient, so the gradient's buffer is free for the rest of the backward pass.
     */
    private static Graph forwardThenBackward(Graph g) {
        Set<Node> backward = new HashSet<>();
        Map<Node, List<Node>> accumulations = new HashMap<>();
        List<Node> order = new ArrayList<>();
        for (Node n : g.nodes()) {
            boolean seed = n.op() instanceof Input in && in.binding().equals(OUTPUT_GRADIENT);
            if (n.op() instanceof AccumulateGrad) {
                accumulations.computeIfAbsent(n.input(1), k -> new ArrayList<>()).add(n);
            } else if (seed || n.inputs().stream().anyMatch(backward::contains)) {
                backward.add(n);
            } else {
                order.add(n);
            }
        }
        for (Node n : g.nodes()) {
            if (backward.contains(n)) {
                order.add(n);
                order.addAll(accumulations.getOrDefault(n, List.of()));
            }
        }
        if (order.size() != g.nodes().size()) {
            throw new IrException(g.name() + ": a gradient does not depend on " + OUTPUT_GRADIENT);
        }
        return Verifier.verify(new Graph(g.name(), g.batchSymbol(), order, g.outputs()));
    }

    /** Forward in evaluation mode plus the loss: outputs {@code output} and {@code loss}. */
    Graph eval(TypedModel model, TrainSettings train) {
        GraphBuilder b = new GraphBuilder(model.name() + ".eval", batchSymbol(model));
        Node out = ForwardLowering.lower(model, file, b, false, sizes(model));
        b.output("output", out);
        b.output("loss", loss(b, train, out));
        Graph g = b.build();
        return optimized ? run(Passes.AFTER_AUTODIFF, run(Passes.BEFORE_AUTODIFF, g)) : g;
    }

    /** One training step: output {@code loss}; every parameter with a gradient gets an update. */
    Graph trainStep(TypedModel model, TrainSettings train) {
        GraphBuilder b = new GraphBuilder(model.name() + ".train_step", batchSymbol(model));
        Node out = ForwardLowering.lower(model, file, b, true, sizes(model));
        b.output("loss", loss(b, train, out));
        Graph forward = b.build();
        if (optimized) {
            forward = run(Passes.BEFORE_AUTODIFF, forward);
        }
        GraphBuilder full = GraphBuilder.extending(forward);
        Optimizer optimizer = Optimizers.of(train.optimizer());
        String origin = ForwardLowering.origin(file, train.optimizer().span());
        Map<Node, Node> grads = Autodiff.backward(full, forward.outputs().get("loss"), null);
        for (Map.Entry<Node, Node> e : grads.entrySet()) {
            String name = ((Param) e.getKey().op()).stateName();
            full.add(new Update(optimizer, name), origin, name, e.getKey(), e.getValue());
        }
        Graph g = full.build();
        return optimized ? run(Passes.AFTER_AUTODIFF, g) : g;
    }

    private static Node loss(GraphBuilder b, TrainSettings train, Node out) {
        TrainSettings.Loss loss = train.loss();
        LossKind kind = LossKind.valueOf(loss.op().name().toUpperCase(java.util.Locale.ROOT));
        TensorType target = kind.classTargets()
                ? new TensorType(ElemType.INT, List.of(out.type().dim(0)))
                : out.type();
        Node t = b.add(new Input("target", target), "", "target");
        boolean sum = loss.args().word("reduction", "mean").equals("sum");
        return b.add(new Loss(kind, sum, (float) loss.scale()), out.origin(), "loss", out, t);
    }

    /** The batch: a size named {@code N} where an input has one (sequence-first [T, N, F]), else dimension 0's. */
    static String batchSymbol(TypedModel model) {
        for (TensorType t : model.inputs().values()) {
            if (t.dims().contains(Dim.sym("N"))) {
                return "N";
            }
        }
        for (TensorType t : model.inputs().values()) {
            if (t.rank() > 0 && t.dim(0).isSymbol()) {
                return t.dim(0).toString();
            }
        }
        return "N";
    }
}
