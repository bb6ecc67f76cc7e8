package dev.nnet.runtime.cuda;

/**
 * A CUDA failure the user can act on. Its message is one line: what failed, why, and what to do. It never carries
 * a JNI stack trace to the user; the command line prints the message alone.
 */
public final class CudaException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String reason;

    public CudaException(String message) {
        this(message, null);
    }

    /** {@code reason}: the "why" alone, in a few words, for a line like "no CUDA device (reason)". */
    CudaException(String message, String reason) {
        super(oneLine(message), null, false, false);
        this.reason = reason;
    }

    /** Why CUDA failed, in a few words (e.g. "libcuda.so.1 not found"); the whole message where none was given. */
    public String reason() {
        return reason != null ? reason : getMessage();
    }

    /** Driver logs (the PTX JIT's) span lines; the message must stay one line, so lines are joined with " | ". */
    static String oneLine(String text) {
        return text.strip().replaceAll("\\s*\\R\\s*", " | ");
    }
}
