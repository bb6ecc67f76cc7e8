package dev.nnet.ir;

import dev.nnet.types.TensorType;
import java.util.List;

/**
 * An IR operation. Each op states, in its own file under {@code ir.op}, everything about itself: its shape rule
 * (checked by the {@link Verifier} after every pass), its gradient rule (used by autodiff) and its Java emitter.
 */
public interface IrOp {
    /** Lower-case name used in the text form: {@code linear}, {@code relu_grad}. */
    String name();

    /** Attributes for the text form, e.g. {@code act=relu}; empty when there are none. */
    default String attributes() {
        return "";
    }

    /** The output type for these input types; throws {@link IrException} when they do not fit. */
    TensorType infer(List<TensorType> inputs);

    /** True for ops that write state (optimizer updates): they have no users but are never dead. */
    default boolean effect() {
        return false;
    }

    /**
     * Gradients with respect to each input, given the gradient {@code dOut} of this node's output; an entry is
     * null where no gradient flows (integer inputs, constants). Only called when some input needs a gradient.
     */
    List<Node> gradient(Gradients g, Node self, Node dOut);

    /** Emits the Java statements that compute {@code self} into its planned buffer. */
    void emit(Emitter e, Node self);
}
