package dev.nnet.runtime.data;

/**
 * A data set that cannot be found or read: a missing file, a corrupt or truncated IDX file, a bad CSV cell, inline
 * tensors whose sizes disagree. The message says which file (and row, column or offset), what was expected, what
 * was found and how to fix it; callers print it as it is, without a stack trace.
 */
public final class DataException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DataException(String message) {
        super(message);
    }

    public DataException(String message, Throwable cause) {
        super(message, cause);
    }
}
