package dev.nnet.runtime.cuda;

/**
 * A CUDA failure the user can act on. Its message is one line: what failed, why, and what to do. It never carries
 * a JNI stack trace to the user; the command line prints the message alone.
 */
public final class CudaException extends RuntimeException {
    public CudaException(String message) {
        super(oneLine(message));
    }

    /** Driver logs (the PTX JIT's) span lines; the message must stay one line, so lines are joined with " | ". */
    static String oneLine(String text) {
        return text.strip().replaceAll("\\s*\\R\\s*", " | ");
    }
}
