package dev.nnet.lsp;

import dev.nnet.diag.Span;
import dev.nnet.ops.ParamSpec;

/** What a name written in the file denotes. */
sealed interface Target {
    /**
     * A user declaration. {@code definition} is where this occurrence's value was bound: for a variable the
     * assignment that reaches it (forward bodies are straight-line code), otherwise the declaration's name.
     */
    record Declared(Decl decl, Span definition) implements Target {
    }

    /** A built-in; {@code declaration} is the layer declaration it is the callee of, or null elsewhere. */
    record BuiltinRef(Builtin builtin, Span declaration) implements Target {
    }

    /**
     * The name of a keyword argument: {@code kernel} in {@code conv2d(1, 10, kernel=5)}. {@code param} is null when
     * the keyword names a tensor input ({@code lengths=l}) instead of an option.
     */
    record Keyword(Builtin callee, String keyword, ParamSpec param) implements Target {
    }
}
