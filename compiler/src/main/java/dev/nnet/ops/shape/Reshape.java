package dev.nnet.ops.shape;

/** {@code reshape(shape...)}: like {@code view}, copying when the layout requires it. */
public final class Reshape extends View {
    public Reshape() {
        super("reshape", "reshape");
    }

    @Override
    public String doc() {
        return "The input's elements under a new shape with the same element count, copying if needed; one size "
                + "may be -1 and is inferred: reshape(N, -1) keeps the batch and flattens the rest. No parameters.";
    }
}
