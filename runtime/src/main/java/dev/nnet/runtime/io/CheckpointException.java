package dev.nnet.runtime.io;

/**
 * A safetensors file or checkpoint that cannot be read, written or applied. The message names the file and, where
 * one is at fault, the tensor, says what was expected and what was found; callers print it without a stack trace.
 */
public final class CheckpointException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CheckpointException(String message) {
        super(message);
    }

    public CheckpointException(String message, Throwable cause) {
        super(message, cause);
    }
}
