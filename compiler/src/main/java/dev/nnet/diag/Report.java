package dev.nnet.diag;

import java.util.ArrayList;
import java.util.List;

/** A fluent builder for one diagnostic; stages create these through {@link Diagnostics#report}. */
public final class Report {
    private final Code code;
    private final Span span;
    private final String message;
    private String spanLabel = "";
    private final List<Label> labels = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private String help;
    private Fix fix;

    Report(Code code, Span span, String message) {
        this.code = code;
        this.span = span;
        this.message = message;
    }

    public Report spanLabel(String text) {
        this.spanLabel = text;
        return this;
    }

    public Report label(Span at, String text) {
        labels.add(new Label(at, text));
        return this;
    }

    public Report note(String text) {
        notes.add(text);
        return this;
    }

    public Report help(String text) {
        this.help = text;
        return this;
    }

    /** A help whose advice is an exact replacement of the text at {@code at}. */
    public Report fix(String text, Span at, String replacement) {
        this.help = text;
        this.fix = new Fix(at, replacement);
        return this;
    }

    Diagnostic build() {
        return new Diagnostic(code.severity(), code.id(), span, message, spanLabel, labels, notes, help, fix);
    }
}
