package dev.nnet.lower;

import dev.nnet.diag.Span;

/** A construct the shape checker accepts but the code generator does not support yet; carries where it is. */
public final class LoweringException extends RuntimeException {
    private final Span span;

    public LoweringException(Span span, String message) {
        super(message);
        this.span = span;
    }

    public Span span() {
        return span;
    }
}
