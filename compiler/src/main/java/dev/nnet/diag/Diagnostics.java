package dev.nnet.diag;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The sink every stage reports into. Reports are finished by the caller's lambda, so a stage reads
 * {@code diags.report(E0201, span, "…", r -> r.note("…"))}. A context transformer lets the checker attach
 * "in block used here" labels to everything reported inside a block instantiation.
 */
public final class Diagnostics {
    /** Insertion-ordered and hashed: a report is deduplicated in constant time, so garbage input stays linear. */
    private final Set<Diagnostic> all = new LinkedHashSet<>();
    private boolean hasErrors;
    private final List<UnaryOperator<Report>> context = new ArrayList<>();

    public void report(Code code, Span span, String message) {
        report(code, span, message, r -> r);
    }

    public void report(Code code, Span span, String message, UnaryOperator<Report> details) {
        Report report = details.apply(new Report(code, span, message));
        for (int i = context.size() - 1; i >= 0; i--) {
            report = context.get(i).apply(report);
        }
        Diagnostic built = report.build();
        // A label on the primary span itself says nothing the caret line does not.
        List<Label> labels = built.labels().stream().filter(l -> !l.span().equals(built.span())).toList();
        Diagnostic d = new Diagnostic(built.severity(), built.code(), built.span(), built.message(),
                built.spanLabel(), labels, built.notes(), built.help(), built.fix());
        all.add(d);
        hasErrors |= d.isError();
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
        return hasErrors;
    }

    /**
     * All diagnostics in source order, without the cascade of a syntax error: on a line with one, only the first
     * syntax diagnostic is kept, since whatever else is reported there comes from the parser's guesswork.
     */
    public List<Diagnostic> sorted() {
        List<Diagnostic> copy = new ArrayList<>(all);
        copy.sort(Comparator.comparingInt((Diagnostic d) -> d.span().start()).thenComparing(Diagnostic::code));
        java.util.Map<Integer, Diagnostic> firstSyntaxError = new java.util.HashMap<>();
        for (Diagnostic d : copy) {
            if (isSyntax(d)) {
                firstSyntaxError.merge(d.span().line(), d,
                        (a, b) -> b.code().equals("E0002") && !a.code().equals("E0002") ? b : a);
            }
        }
        copy.removeIf(d -> {
            Diagnostic keep = firstSyntaxError.get(d.span().line());
            return keep != null && keep != d;
        });
        return copy;
    }

    private static boolean isSyntax(Diagnostic d) {
        return d.code().equals("E0001") || d.code().equals("E0002");
    }
}
