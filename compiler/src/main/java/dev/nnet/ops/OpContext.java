package dev.nnet.ops;

import dev.nnet.diag.Code;
import dev.nnet.diag.Report;
import dev.nnet.diag.Span;
import dev.nnet.types.Value;
import java.util.function.UnaryOperator;

/** What the checker gives an op while applying it: where things are written, and a place to report. */
public interface OpContext {
    /** The whole application, e.g. {@code fc(flatten(x))}. */
    Span callSpan();

    /** The op's name as written: {@code view} of {@code x.view(N, -1)}; the whole call where there is none. */
    default Span nameSpan() {
        return callSpan();
    }

    /** The i-th tensor input as written. */
    Span inputSpan(int i);

    /** The declared layer's name ({@code fc}), or the op name when called directly. */
    String layerName();

    /** The declaration {@code fc = linear(320, 10)}, or the call itself when called directly. */
    Span declSpan();

    /** How the i-th input was computed, e.g. {@code flatten([N, 16, 5, 5])}, or empty when it is a plain name. */
    String inputOrigin(int i);

    /** The i-th input's value, with its {@link dev.nnet.types.Provenance}; unknown where the caller has none. */
    default Value inputValue(int i) {
        return Value.UNKNOWN;
    }

    /** Whether the layer is declared in a block, whose body an exact edit cannot fix for every use. */
    default boolean insideBlock() {
        return false;
    }

    void report(Code code, Span span, String message, UnaryOperator<Report> details);

    default void report(Code code, Span span, String message) {
        report(code, span, message, r -> r);
    }

    /** Returns {@link Value#UNKNOWN} after reporting, so rules read {@code return ctx.fail(...)}. */
    default Value fail(Code code, Span span, String message, UnaryOperator<Report> details) {
        report(code, span, message, details);
        return Value.UNKNOWN;
    }
}
