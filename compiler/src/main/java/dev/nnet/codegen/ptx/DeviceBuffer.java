package dev.nnet.codegen.ptx;

/**
 * A device buffer the host class allocates once: a memory-plan buffer, a batch input, a parameter with its
 * optimizer state, or a workspace (convolution columns, argmax indices, dropout masks). {@code key} makes it one
 * per purpose; {@code capacity} is its size at the largest batch.
 */
record DeviceBuffer(String key, String hint, Kind kind, boolean ints, Size capacity, String tensor) {
    enum Kind {
        /** A buffer of a graph's memory plan. */
        PLAN,
        /** The batch's features, uploaded each step. */
        INPUT,
        /** The batch's targets (class indices or floats), uploaded each step. */
        TARGET,
        /** A parameter; {@code tensor} is its name, e.g. {@code conv1.weight}. */
        PARAMETER,
        /** Optimizer state; {@code tensor} is its checkpoint name, e.g. {@code optimizer.fc.weight.exp_avg}. */
        STATE,
        /** Scratch or state between kernels that no host tensor mirrors (gradients accumulated with into=). */
        WORK,
        /** A dropout mask drawn on the host and uploaded each step; {@code tensor} is its dropout node's key. */
        MASK
    }
}
