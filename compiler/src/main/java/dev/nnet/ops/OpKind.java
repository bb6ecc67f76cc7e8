package dev.nnet.ops;

/** How a built-in may be used. */
public enum OpKind {
    /** Owns parameters; must be declared ({@code fc = linear(320, 10)}) and then applied ({@code fc(x)}). */
    PARAMETRIC,
    /** Parameter-free; declared as a layer, listed in a sequential body, or called directly: {@code relu(x)}. */
    STATELESS,
    /** Only called directly in a forward body: {@code concat([a, b], dim=1)}, {@code zeros(2, N, 100)}. */
    FUNCTION,
    /** A loss for a train block: applied to the model output and the target. */
    LOSS
}
