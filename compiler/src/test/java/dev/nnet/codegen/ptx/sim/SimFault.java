package dev.nnet.codegen.ptx.sim;

/**
 * A fault raised while one instruction runs; the block runner adds the kernel, line and thread and rethrows it as a
 * {@link SimException}. Without a stack trace: faults are expected outcomes in tests, and the trace says nothing.
 */
final class SimFault extends RuntimeException {
    SimFault(String message) {
        super(message, null, false, false);
    }
}
