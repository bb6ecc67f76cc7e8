package dev.nnet.maven;

/**
 * A problem of the build itself rather than of a {@code .nnet} program: a file that cannot be read or written, a
 * configuration value that makes no sense. The message says what, where, and what would fix it.
 */
public final class BuildException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BuildException(String message) {
        super(message);
    }

    public BuildException(String message, Throwable cause) {
        super(message, cause);
    }
}
