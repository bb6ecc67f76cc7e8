package dev.nnet.run;

/** {@code nnet} cannot run the program; the message says why and what to do. */
public final class RunException extends RuntimeException {
    public RunException(String message) {
        super(message);
    }
}
