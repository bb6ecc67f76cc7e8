package dev.nnet.codegen.java;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import dev.nnet.ir.Node;
import dev.nnet.ir.op.Fill;
import dev.nnet.ir.op.RecurrentLayers;
import dev.nnet.ir.op.RecurrentLayersGrad;
import dev.nnet.kernels.Lookup;
import dev.nnet.kernels.Recurrent;
import dev.nnet.types.Dim;
import dev.nnet.types.TensorType;
import java.util.List;

/**
 * Stacked recurrent layers on {@code dev.nnet.kernels.Recurrent}, one kernel object per layer and direction (it
 * keeps the gates its backward reads; a graph that does not differentiate the layers makes forward-only ones). The
 * two directions of a layer are prepared one after the other, then run their time loops together (on two threads
 * where there are two), and write their halves of one time-major output; batch-first input and output are
 * transposed around the layers; a layer's output is kept for the next layer's weight gradient.
 */
final class RecurrentRenderers {
    private static final ClassName KERNEL = ClassName.get(Recurrent.class);

    private RecurrentRenderers() {
    }

    static void fill(Fill op, Node self, JavaEmitter e) {
        e.statement("$T.fill($L, 0, $L, $Lf)", java.util.Arrays.class, e.array(self), e.count(self), op.value());
    }

    static void embedding(dev.nnet.ir.op.EmbeddingLookup op, Node self, JavaEmitter e) {
        Node table = self.input(1);
        e.statement("$T.forward($L, $L, $L, $L, $L, $L)", Lookup.class, e.count(self.input(0)), e.array(self.input(0)),
                e.array(table), e.size(table.type().dim(0)), e.size(table.type().dim(1)), e.array(self));
    }

    static void embeddingGrad(dev.nnet.ir.op.EmbeddingLookupGrad op, Node self, JavaEmitter e) {
        Node ids = self.input(1);
        e.statement("$T.backward($L, $L, $L, $L, $L, $L, $L)", Lookup.class, e.count(ids), e.array(ids),
                e.array(self.input(0)), e.size(op.table().dim(0)), e.size(op.table().dim(1)),
                op.paddingIdx() == null ? -1 : op.paddingIdx(), e.array(self));
    }

    /** The layers in order, each direction writing columns [d·H, (d+1)·H) of the layer's output. */
    static void forward(RecurrentLayers op, Node self, JavaEmitter e) {
        boolean backward = e.users(self).stream().anyMatch(u -> u.op() instanceof RecurrentLayersGrad);
        Geometry g = new Geometry(op, self, self.inputs(), e, backward);
        String packed = e.array(self);
        String input = e.array(g.x);
        if (g.swapped()) {
            input = g.scratch("TimeMajorInput", g.x.type().numel());
            e.statement("$T.swapLeadingAxes($L, $L, $L, $L, 0, $L, 0)", KERNEL, g.n, g.steps, g.inputSize, e.array(g.x),
                    input);
        }
        String lengths = op.lengths() ? e.array(g.x(op.lengthsInput())) : "null";
        for (int layer = 0; layer < op.layers(); layer++) {
            String output = layer < op.layers() - 1 ? g.layerOutput(layer)
                    : g.swapped() ? g.scratch("TimeMajorOutput", g.outNumel) : packed;
            for (int d = 0; d < op.directions(); d++) {
                int slot = layer * op.directions() + d;
                int w = op.firstParameter() + slot * op.parametersPerLayer();
                e.statement("$L.$L($L, $L, $L, $L, $L, $L, $L, $L, $L, $L, $L, $L, $L, $L, $L, $L, $L, $L, $L, "
                                + "$L)",
                        g.kernel(layer, d), op.directions() == 2 ? "prepareForward" : "forward", g.n, g.steps, input,
                        lengths, e.array(g.x(w)), e.array(g.x(w + 1)),
                        op.bias() ? e.array(g.x(w + 2)) : "null", op.bias() ? e.array(g.x(w + 3)) : "null",
                        op.initialState() ? e.array(g.x(1)) : "null", g.stateAt(Dim.of(0), slot),
                        op.initialState() && op.stateCount() == 2 ? e.array(g.x(2)) : "null",
                        g.stateAt(Dim.of(0), slot), d == 1, output, d * op.hidden(),
                        op.directions() * op.hidden(), packed, g.stateAt(g.outNumel, slot),
                        op.stateCount() == 2 ? packed : "null", g.stateAt(g.outNumel.plus(g.stateNumel), slot));
            }
            if (op.directions() == 2) {
                e.statement("$T.forwardPrepared($L, $L)", KERNEL, g.kernel(layer, 0), g.kernel(layer, 1));
            }
            input = output;
        }
        if (g.swapped()) {
            e.statement("$T.swapLeadingAxes($L, $L, $L, $L, 0, $L, 0)", KERNEL, g.steps, g.n,
                    op.directions() * op.hidden(), g.scratch("TimeMajorOutput", g.outNumel), packed);
        }
    }

    /** Through time, from the last layer down; each layer's input gradient is the output gradient below it. */
    static void backward(RecurrentLayersGrad grad, Node self, JavaEmitter e) {
        RecurrentLayers op = grad.forward();
        Node forward = self.input(1);
        List<Node> inputs = self.inputs().subList(2, self.inputs().size());
        Geometry g = new Geometry(op, forward, inputs, e, true);
        String dPacked = e.array(self.input(0));
        String out = e.array(self);
        String dOutput = dPacked;
        if (g.swapped()) {
            dOutput = g.scratch("TimeMajorOutputGrad", g.outNumel);
            e.statement("$T.swapLeadingAxes($L, $L, $L, $L, 0, $L, 0)", KERNEL, g.n, g.steps,
                    op.directions() * op.hidden(), dPacked, dOutput);
        }
        Dim xNumel = g.x.type().numel();
        Dim[] offsets = new Dim[inputs.size()];
        Dim at = Dim.of(0);
        for (int i = 0; i < inputs.size(); i++) {
            offsets[i] = at;
            at = i == op.lengthsInput() ? at : at.plus(inputs.get(i).type().numel());
        }
        for (int layer = op.layers() - 1; layer >= 0; layer--) {
            String input = layer > 0 ? g.layerOutput(layer - 1)
                    : g.swapped() ? g.scratch("TimeMajorInput", xNumel) : e.array(g.x);
            String dInput = layer > 0 ? g.scratch("Layer" + (layer - 1) + "OutputGrad", g.layerNumel)
                    : g.swapped() ? g.scratch("TimeMajorInputGrad", xNumel) : out;
            for (int d = 0; d < op.directions(); d++) {
                int slot = layer * op.directions() + d;
                int w = op.firstParameter() + slot * op.parametersPerLayer();
                e.statement("$L.$L($L, $L, $L, $L, $L, $L, $L, $L, $L, $L, $L, $L, $L, $L, $L, $L, $L, $L, $L, "
                                + "$L, $L, $L, $L, $L)", g.kernel(layer, d),
                        op.directions() == 2 ? "prepareBackward" : "backward", dOutput, d * op.hidden(),
                        op.directions() * op.hidden(), dPacked, g.stateAt(g.outNumel, slot),
                        op.stateCount() == 2 ? dPacked : "null", g.stateAt(g.outNumel.plus(g.stateNumel), slot),
                        input, e.array(g.x(w)), e.array(g.x(w + 1)), dInput, d == 1,
                        op.initialState() ? out : "null", g.stateAt(xNumel, slot),
                        op.initialState() && op.stateCount() == 2 ? out : "null",
                        g.stateAt(xNumel.plus(g.stateNumel), slot), out, e.size(offsets[w]), out,
                        e.size(offsets[w + 1]), op.bias() ? out : "null", op.bias() ? e.size(offsets[w + 2]) : "0",
                        op.bias() ? out : "null", op.bias() ? e.size(offsets[w + 3]) : "0");
            }
            if (op.directions() == 2) {
                e.statement("$T.backwardPrepared($L, $L)", KERNEL, g.kernel(layer, 0), g.kernel(layer, 1));
            }
            dOutput = dInput;
        }
        if (g.swapped()) {
            e.statement("$T.swapLeadingAxes($L, $L, $L, $L, 0, $L, 0)", KERNEL, g.steps, g.n, g.inputSize,
                    g.scratch("TimeMajorInputGrad", xNumel), out);
        }
    }

    /** Sizes and fields of one recurrent node, shared by its forward and backward code. */
    private static final class Geometry {
        final RecurrentLayers op;
        final Node forward;
        final List<Node> inputs;
        final JavaEmitter e;
        final Node x;
        final String n;
        final String steps;
        final String inputSize;
        final Dim outNumel;
        final Dim stateNumel;
        final Dim layerNumel;
        final Dim batch;
        /** Whether the graph runs the layers backward: the kernels keep what that needs. */
        final boolean backward;

        Geometry(RecurrentLayers op, Node forward, List<Node> inputs, JavaEmitter e, boolean backward) {
            this.op = op;
            this.forward = forward;
            this.inputs = inputs;
            this.e = e;
            this.x = inputs.get(0);
            TensorType xt = x.type();
            List<TensorType> parts = op.parts(xt);
            this.batch = op.batch(xt);
            this.n = e.size(batch);
            this.steps = e.size(op.steps(xt));
            this.inputSize = e.size(xt.dim(-1));
            this.outNumel = parts.get(0).numel();
            this.stateNumel = parts.get(1).numel();
            this.layerNumel = outNumel;
            this.backward = backward;
        }

        Node x(int i) {
            return inputs.get(i);
        }

        boolean swapped() {
            return op.batchFirst() && x.type().rank() == 3;
        }

        /** The offset of layer-direction {@code slot}'s [N, H] slab in a state stored from {@code base}. */
        String stateAt(Dim base, int slot) {
            return e.size(base.plus(batch.times((long) slot * op.hidden())));
        }

        String kernel(int layer, int d) {
            Dim inputSize = layer == 0 ? x.type().dim(-1) : Dim.of((long) op.directions() * op.hidden());
            String cell = op.cell().name();
            return e.field(e.nodeKey(forward, "recurrent" + layer + "_" + d),
                    forward.label() + "L" + layer + (d == 1 ? "Reverse" : "") + "Kernel", KERNEL,
                    CodeBlock.of(backward ? "new $T($T.Cell.$L, $L, $L, $L, $L)"
                                    : "$T.forwardOnly($T.Cell.$L, $L, $L, $L, $L)", KERNEL, KERNEL, cell,
                            e.capacity(batch), e.capacity(op.steps(x.type())), e.size(inputSize), op.hidden()));
        }

        String layerOutput(int layer) {
            return scratch("Layer" + layer + "Output", layerNumel);
        }

        /** A float array field of this node, sized for the largest batch. */
        String scratch(String what, Dim numel) {
            return e.field(e.nodeKey(forward, "recurrent" + what), forward.label() + what,
                    ArrayTypeName.of(float.class), CodeBlock.of("new float[$L]", e.capacity(numel)));
        }
    }
}
