package dev.nnet.codegen.ptx.sim;

/**
 * Everything the simulator refuses: PTX it cannot parse (the message names the line), a launch whose arguments do not
 * match the entry's parameters, and faults while running (the message names the kernel, the PTX line and the thread).
 */
public final class SimException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SimException(String message) {
        super(message);
    }
}
