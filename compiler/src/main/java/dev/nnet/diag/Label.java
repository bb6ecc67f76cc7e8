package dev.nnet.diag;

/** A secondary span with a message, e.g. where a layer was declared or where a block was used. */
public record Label(Span span, String message) {
}
