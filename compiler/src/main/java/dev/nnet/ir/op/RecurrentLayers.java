package dev.nnet.ir.op;

import dev.nnet.ir.Gradients;
import dev.nnet.ir.Node;
import dev.nnet.ir.Shapes;
import dev.nnet.types.Dim;
import dev.nnet.types.TensorType;
import java.util.ArrayList;
import java.util.List;

/**
 * PyTorch's {@code nn.RNN}/{@code GRU}/{@code LSTM} over a padded batch: {@code layers} stacked layers, each one or
 * two directions. Inputs: x, then h_0 (and c_0) when {@code initialState}, then int lengths [N] when
 * {@code lengths}, then per layer and direction {@code weight_ih}, {@code weight_hh} (and {@code bias_ih},
 * {@code bias_hh}) as in PyTorch's {@code state_dict}. An IR value has one type, so the output packs the results
 * into one vector: the sequence output, h_n, and for an LSTM c_n; lowering slices them apart.
 */
public record RecurrentLayers(RecurrentCell cell, int layers, int hidden, boolean bidirectional, boolean batchFirst,
                              boolean bias, boolean initialState, boolean lengths) implements IrOp {
    @Override
    public String name() {
        return "recurrent";
    }

    @Override
    public String attributes() {
        return "cell=" + cell.text() + " layers=" + layers + " hidden=" + hidden
                + (bidirectional ? " bidirectional" : "") + (batchFirst ? " batch_first" : "")
                + (bias ? "" : " no_bias") + (initialState ? " initial_state" : "") + (lengths ? " lengths" : "");
    }

    public int directions() {
        return bidirectional ? 2 : 1;
    }

    /** How many states the op takes and returns: h, or h and c. */
    public int stateCount() {
        return cell.hasCellState() ? 2 : 1;
    }

    /** The input index of the lengths, or -1. */
    public int lengthsInput() {
        return lengths ? 1 + (initialState ? stateCount() : 0) : -1;
    }

    /** The input index of the first weight. */
    public int firstParameter() {
        return 1 + (initialState ? stateCount() : 0) + (lengths ? 1 : 0);
    }

    /** Weights and biases per layer and direction. */
    public int parametersPerLayer() {
        return bias ? 4 : 2;
    }

    /** Sequence length of an input x: [T, N, I], [N, T, I] batch-first, or an unbatched [T, I]. */
    public Dim steps(TensorType x) {
        return x.rank() == 3 && batchFirst ? x.dim(1) : x.dim(0);
    }

    /** The batch of an input x; 1 for an unbatched one. */
    public Dim batch(TensorType x) {
        return x.rank() == 3 ? x.dim(batchFirst ? 0 : 1) : Dim.of(1);
    }

    /** The results the output packs, in order: the sequence output, h_n (and c_n). */
    public List<TensorType> parts(TensorType x) {
        Dim states = Dim.of((long) layers * directions());
        TensorType state = x.rank() == 3 ? x.withDims(List.of(states, batch(x), Dim.of(hidden)))
                : x.withDims(List.of(states, Dim.of(hidden)));
        List<TensorType> parts = new ArrayList<>(List.of(x.withDim(-1, Dim.of((long) directions() * hidden)), state));
        if (cell.hasCellState()) {
            parts.add(state);
        }
        return parts;
    }

    @Override
    public TensorType infer(List<TensorType> in) {
        TensorType x = in.get(0);
        Shapes.require(x.rank() == 2 || x.rank() == 3, "recurrent: input must be rank 2 or 3, found " + x.shapeText());
        Shapes.require(in.size() == firstParameter() + layers * directions() * parametersPerLayer(),
                "recurrent: expected " + (firstParameter() + layers * directions() * parametersPerLayer())
                        + " inputs, found " + in.size());
        List<TensorType> parts = parts(x);
        for (int s = 0; initialState && s < stateCount(); s++) {
            Shapes.require(in.get(1 + s).equals(parts.get(1)), "recurrent: state " + in.get(1 + s).shapeText()
                    + " should be " + parts.get(1).shapeText());
        }
        long gates = (long) cell.gates() * hidden;
        for (int layer = 0; layer < layers; layer++) {
            Dim inK = layer == 0 ? x.dim(-1) : Dim.of((long) directions() * hidden);
            for (int d = 0; d < directions(); d++) {
                int at = firstParameter() + (layer * directions() + d) * parametersPerLayer();
                Shapes.require(in.get(at).equals(TensorType.floats(Dim.of(gates), inK))
                        && in.get(at + 1).equals(TensorType.floats(Dim.of(gates), Dim.of(hidden))),
                        "recurrent: weights of layer " + layer + " do not fit");
            }
        }
        return TensorType.floats(total(parts));
    }

    static Dim total(List<TensorType> types) {
        Dim total = Dim.of(0);
        for (TensorType t : types) {
            total = total.plus(t.numel());
        }
        return total;
    }

    /**
     * Back-propagation through time, one {@link RecurrentLayersGrad} reading the output's gradient and the forward
     * node (whose kernels kept the gates); each input's gradient is a slice of its packed result.
     */
    @Override
    public List<Node> gradient(Gradients g, Node self, Node dOut) {
        List<Node> in = new ArrayList<>(List.of(dOut, self));
        in.addAll(self.inputs());
        Node packed = g.add(self, new RecurrentLayersGrad(this), in.toArray(new Node[0]));
        List<Node> grads = new ArrayList<>();
        Dim at = Dim.of(0);
        for (int i = 0; i < self.inputs().size(); i++) {
            Node x = self.input(i);
            if (i == lengthsInput()) {
                grads.add(null);
                continue;
            }
            Dim length = x.type().numel();
            grads.add(g.needs(x)
                    ? g.add(self, new Reshape(x.type()), g.add(self, new Slice(0, at, length), packed))
                    : null);
            at = at.plus(length);
        }
        return grads;
    }
}
