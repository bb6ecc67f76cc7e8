package dev.nnet.diag;

import java.util.List;

/**
 * One problem found in a source file. Stages return these as data; renderers decide how they look.
 *
 * @param spanLabel text shown under the primary span's carets (may be empty)
 * @param fix       an exact replacement that implements {@code help}, or null
 */
public record Diagnostic(Severity severity, String code, Span span, String message, String spanLabel,
                         List<Label> labels, List<String> notes, String help, Fix fix) {
    public Diagnostic {
        labels = List.copyOf(labels);
        notes = List.copyOf(notes);
        spanLabel = spanLabel == null ? "" : spanLabel;
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }
}
