package dev.nnet.runtime.train;

/** Training cannot go on (a diverging loss, a checkpoint that does not fit); the message says why and what to do. */
public final class TrainingException extends RuntimeException {
    public TrainingException(String message) {
        super(message);
    }
}
