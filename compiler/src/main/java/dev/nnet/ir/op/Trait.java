package dev.nnet.ir.op;

/** Facts about an op that passes rely on, declared by the op itself. */
public enum Trait {
    /** Computes each output element from the same element of its (broadcast) inputs: fusable into one loop. */
    POINTWISE,
    /** May write its result over an input of the same shape whose last reader it is. */
    IN_PLACE,
    /** Its output is its first input's storage, viewed with another shape: no buffer, no code. */
    ALIASES_INPUT,
    /** Can apply an activation to its result while the tile is in registers (a fused epilogue). */
    EPILOGUE,
    /** Writes state and produces no value: kept by dead-code elimination although nothing uses it. */
    EFFECT,
    /** Given rather than computed (an input, a parameter): bound by the caller, no code, gradients stop. */
    LEAF
}
