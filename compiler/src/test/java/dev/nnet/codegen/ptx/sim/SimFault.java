package dev.nnet.codegen.ptx.sim;

/**
 * A fault raised while one instruction runs; the block runner adds the kernel, line and thread and rethrows it as a
 * {@link SimException}. Without a stack trace: faults are expected outcomes in tests, and the trace says nothing.
 */
final class SimFault extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** In a warp collective, the lane whose thread the fault concerns; -1 when it is the running thread's. */
    final int lane;

    SimFault(String message) {
        this(message, -1);
    }

    SimFault(String message, int lane) {
        super(message, null, false, false);
        this.lane = lane;
    }
}
