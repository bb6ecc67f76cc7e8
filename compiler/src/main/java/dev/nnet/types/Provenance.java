package dev.nnet.types;

import dev.nnet.diag.Span;
import java.util.List;

/**
 * Where a tensor was made: the application that produced it ({@code op} at {@code span}, with its bound
 * {@code args} and its {@code inputs}, which carry their own provenance). A shape error found at a use reads this
 * history to label the statement that caused it, e.g. the {@code view(-1, 200)} that changed the batch.
 *
 * @param name     the layer's name ({@code b3}) for a layer application, else the op's name
 * @param declSpan the layer's declaration for a layer application, else the call itself
 */
public record Provenance(String op, String name, Span span, Span declSpan, Args args, List<Value> inputs) {
    /** The step that gives symbols their data's values ({@code N} = 64): history, but no change of shape. */
    public static final String BIND = "bind";

    /** {@code t} with its symbols bound: the result keeps {@code t}'s history behind a {@link #BIND} step. */
    public static Value.Tensor bound(Value.Tensor t, TensorType type) {
        return new Value.Tensor(type, t.producer(), t.origin() == null ? null
                : new Provenance(BIND, BIND, t.origin().span(), t.origin().span(), t.origin().args(), List.of(t)));
    }

    public Provenance {
        inputs = List.copyOf(inputs);
    }

    /** Whether a declared layer made it, so its arguments live on the declaration's line. */
    public boolean isLayer() {
        return !declSpan.equals(span);
    }

    /** The i-th input's type when it is a tensor, else null. */
    public TensorType inputType(int i) {
        return i < inputs.size() && inputs.get(i) instanceof Value.Tensor t ? t.type() : null;
    }

    /** The i-th input's own provenance, or null (a model input, a literal, or an unknown producer). */
    public Provenance inputOrigin(int i) {
        return i < inputs.size() && inputs.get(i) instanceof Value.Tensor t ? t.origin() : null;
    }
}
