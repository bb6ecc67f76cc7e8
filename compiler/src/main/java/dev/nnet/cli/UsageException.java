package dev.nnet.cli;

/**
 * A mistake in how nnetc was invoked that picocli cannot see (a file that cannot be read, a stage not built yet).
 * Reported as {@code nnetc: message} with exit status 2, never with a stack trace.
 */
final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message, null, false, false);
    }
}
