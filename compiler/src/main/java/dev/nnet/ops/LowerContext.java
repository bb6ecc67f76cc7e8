package dev.nnet.ops;

import dev.nnet.ir.Node;
import dev.nnet.ir.op.IrOp;
import dev.nnet.types.Args;
import dev.nnet.types.TensorType;
import java.util.List;

/** What an op's lowering sees of one checked application, and how it adds IR nodes for it. */
public interface LowerContext {
    /** The bound arguments of the layer or call. */
    Args args();

    /** Tensor input {@code i} as an IR node. */
    Node input(int i);

    /** List input {@code i} (the tensors of {@code concat([a, b])}) as IR nodes. */
    List<Node> inputList(int i);

    /** {@code x} followed by this layer's parameters in PyTorch order (weight, bias). */
    List<Node> withParameters(Node x);

    /** Whether optional input {@code i} was given (not left out). */
    boolean present(int i);

    /**
     * For an op that returns a tuple ({@code out, h = gru(x)}): the nodes of its items, flattened in order
     * ({@code out, h} or {@code out, h, c}). The node {@code lower} returns is then only the tuple's producer.
     */
    void bindTuple(List<Node> items);

    /** The output type the checker inferred. */
    TensorType output();

    /** True when lowering the training-mode forward pass (dropout active). */
    boolean training();

    /** Adds a node carrying this application's origin and label. */
    Node add(IrOp op, Node... inputs);

    /** For ops that only change the shape: a reshape of input 0 to the checked output, aliasing its buffer. */
    default Node reshapeToOutput() {
        return add(new dev.nnet.ir.op.Reshape(output()), input(0));
    }

    /** The error to throw for an application the code generator does not support yet, at its source span. */
    RuntimeException unsupported(String message);

    /** The constant size of axis {@code i} of {@code t}; a symbolic one cannot be compiled. */
    default int constant(TensorType t, int i) {
        return Math.toIntExact(t.dim(i).constant().orElseThrow(() -> unsupported("axis " + i + " of " + t.shapeText()
                + " must be a constant to be compiled")));
    }
}
