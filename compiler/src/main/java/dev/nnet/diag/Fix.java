package dev.nnet.diag;

/** An exact, mechanical repair: replace the text at {@code span} with {@code replacement}. */
public record Fix(Span span, String replacement) {
}
