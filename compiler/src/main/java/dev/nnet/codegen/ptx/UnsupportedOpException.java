package dev.nnet.codegen.ptx;

/**
 * An IR op the PTX backend has no kernel for; {@link PtxBackend} turns it into a diagnostic at the op's
 * {@code .nnet} line ({@code origin}, e.g. {@code names.nnet:12}).
 */
final class UnsupportedOpException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String origin;

    UnsupportedOpException(String op, String origin) {
        super("the PTX backend does not support " + op + " yet");
        this.origin = origin;
    }

    String origin() {
        return origin;
    }
}
