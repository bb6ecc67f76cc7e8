package dev.nnet.diag;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The sink every stage reports into. Reports are finished by the caller's lambda, so a stage reads
 * {@code diags.report(E0201, span, "…", r -> r.note("…"))}. A context transformer lets the checker attach
 * "in block used here" labels to everything reported inside a block instantiation.
 */
public final class Diagnostics {
    /**
     * In report order, duplicates included: {@link #sorted} drops them, among the few reports that share a
     * position and code, so reporting stays constant time and garbage input linear.
     */
    private final List<Diagnostic> all = new ArrayList<>();
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
        Diagnostic d = withoutPrimaryLabels(report.build());
        all.add(d);
        hasErrors |= d.isError();
    }

    /** A label on the primary span itself says nothing the caret line does not; most reports have none to drop. */
    private static Diagnostic withoutPrimaryLabels(Diagnostic built) {
        boolean any = false;
        for (Label l : built.labels()) {
            any |= l.span().equals(built.span());
        }
        if (!any) {
            return built;
        }
        List<Label> labels = built.labels().stream().filter(l -> !l.span().equals(built.span())).toList();
        return new Diagnostic(built.severity(), built.code(), built.span(), built.message(), built.spanLabel(),
                labels, built.notes(), built.help(), built.fix());
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
        List<Diagnostic> copy = withoutDuplicates();
        // Sorted by offset, a line's diagnostics are adjacent: one pass over each run of a line, no map.
        List<Diagnostic> kept = new ArrayList<>(copy.size());
        int from = 0;
        while (from < copy.size()) {
            int line = copy.get(from).span().line();
            int to = from;
            Diagnostic firstSyntax = null;
            for (; to < copy.size() && copy.get(to).span().line() == line; to++) {
                Diagnostic d = copy.get(to);
                if (isSyntax(d) && (firstSyntax == null
                        || d.code().equals("E0002") && !firstSyntax.code().equals("E0002"))) {
                    firstSyntax = d;
                }
            }
            for (int i = from; i < to; i++) {
                if (firstSyntax == null || copy.get(i) == firstSyntax) {
                    kept.add(copy.get(i));
                }
            }
            from = to;
        }
        return kept;
    }

    /** By position, then code, each diagnostic once, in the order it was first reported (the sort is stable). */
    private List<Diagnostic> withoutDuplicates() {
        List<Diagnostic> copy = new ArrayList<>(all);
        copy.sort(Comparator.comparingInt((Diagnostic d) -> d.span().start()).thenComparing(Diagnostic::code));
        List<Diagnostic> unique = new ArrayList<>(copy.size());
        int from = 0;
        while (from < copy.size()) {
            int to = from + 1;
            Diagnostic first = copy.get(from);
            while (to < copy.size() && copy.get(to).span().start() == first.span().start()
                    && copy.get(to).code().equals(first.code())) {
                to++;
            }
            if (to - from == 1) {
                unique.add(first);
            } else {
                unique.addAll(new LinkedHashSet<>(copy.subList(from, to)));
            }
            from = to;
        }
        return unique;
    }

    private static boolean isSyntax(Diagnostic d) {
        return d.code().equals("E0001") || d.code().equals("E0002");
    }
}
