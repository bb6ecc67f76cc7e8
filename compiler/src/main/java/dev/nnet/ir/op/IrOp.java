package dev.nnet.ir.op;

import dev.nnet.ir.Gradients;
import dev.nnet.ir.Node;
import dev.nnet.types.TensorType;
import java.util.List;
import java.util.Set;

/**
 * An IR operation: a record of typed attributes with its shape rule (checked by the verifier after every pass),
 * its gradient rule (used by autodiff) and its traits. The IR knows no backend: each backend renders these records
 * from its own table keyed by record class, and a test fails when a record has no entry.
 */
public sealed interface IrOp permits Leaf, ParameterEffect, BackwardOp, Linear, Conv2d, Pool2d, Pointwise, Reshape,
        Concat, Slice, Transpose, Softmax, Loss, Dropout, Fill, RecurrentLayers, EmbeddingLookup {
    /** Lower-case name used in the text form: {@code linear}, {@code relu_grad}. */
    String name();

    /** Attributes for the text form, e.g. {@code act=relu}; empty when there are none. */
    default String attributes() {
        return "";
    }

    /** The output type for these input types; throws {@link dev.nnet.ir.IrException} when they do not fit. */
    TensorType infer(List<TensorType> inputs);

    /** What passes may assume about this op; they ask for traits, never for classes. */
    default Set<Trait> traits() {
        return Set.of();
    }

    default boolean has(Trait trait) {
        return traits().contains(trait);
    }

    /**
     * Gradients with respect to each input, given the gradient {@code dOut} of this node's output; an entry is
     * null where no gradient flows (integer inputs, constants). Only called when some input needs a gradient.
     */
    List<Node> gradient(Gradients g, Node self, Node dOut);
}
