package dev.nnet.diag;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The sink every stage reports into. Reports are finished by the caller's lambda, so a stage reads
 * {@code diags.report(E0201, span, "…", r -> r.note("…"))}. A context transformer lets the checker attach
 * "in block used here" labels to everything reported inside a block instantiation.
 */
public final class Diagnostics {
    private final List<Diagnostic> all = new ArrayList<>();
    private final List<UnaryOperator<Report>> context = new ArrayList<>();

    public void report(Code code, Span span, String message) {
        report(code, span, message, r -> r);
    }

    public void report(Code code, Span span, String message, UnaryOperator<Report> details) {
        Report report = details.apply(new Report(code, span, message));
        for (int i = context.size() - 1; i >= 0; i--) {
            report = context.get(i).apply(report);
        }
        Diagnostic d = report.build();
        if (!all.contains(d)) {
            all.add(d);
        }
    }

    /** Runs {@code body} with {@code decorate} applied to every report made inside it. */
    public void within(UnaryOperator<Report> decorate, Runnable body) {
        context.add(decorate);
        try {
            body.run();
        } finally {
            context.remove(context.size() - 1);
        }
    }

    public boolean hasErrors() {
        return all.stream().anyMatch(Diagnostic::isError);
    }

    /** All diagnostics in source order. */
    public List<Diagnostic> sorted() {
        List<Diagnostic> copy = new ArrayList<>(all);
        copy.sort(Comparator.comparingInt((Diagnostic d) -> d.span().start()).thenComparing(Diagnostic::code));
        return copy;
    }
}
