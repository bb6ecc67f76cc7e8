package dev.nnet.syntax;

import dev.nnet.diag.Span;

/** A lexical token, as {@code nnetc compile --emit=tokens} prints it. */
public record Token(String kind, String text, Span span) {
}
