package dev.nnet.cli;

import dev.nnet.diag.Code;
import dev.nnet.diag.Diagnostic;
import dev.nnet.diag.Diagnostics;
import dev.nnet.diag.HumanRenderer;
import dev.nnet.diag.SourceFile;
import dev.nnet.lower.LoweringException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What every command shares: {@code -h/--help}, picocli's streams (so tests can capture them with setOut/setErr),
 * flushing, and turning an {@link Error} into an exception picocli hands to {@link Nnetc}'s internal-error handler.
 */
abstract class BaseCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    /** The command's work; returns the exit status. */
    abstract int run();

    @Override
    public final Integer call() {
        try {
            return run();
        } catch (Error e) {
            // picocli only routes Exceptions to the execution-exception handler; a StackOverflowError in a visitor
            // must still end as "internal error", not as a raw JVM stack trace.
            throw new Crash(e);
        } finally {
            out().flush();
            err().flush();
        }
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** Diagnostics rustc-style on stderr, then the closing summary line when there was anything to say. */
    void printHuman(SourceFile source, List<Diagnostic> diagnostics, boolean color) {
        printHuman(source, diagnostics, color, 0);
    }

    /**
     * As {@link #printHuman(SourceFile, List, boolean)}, showing at most {@code limit} diagnostics (0: all) and
     * then how many were left out; the closing summary counts them all.
     */
    void printHuman(SourceFile source, List<Diagnostic> diagnostics, boolean color, int limit) {
        int errors = (int) diagnostics.stream().filter(Diagnostic::isError).count();
        int shown = limit == 0 ? diagnostics.size() : Math.min(limit, diagnostics.size());
        for (Diagnostic d : diagnostics.subList(0, shown)) { // one at a time: no need for one huge string
            err().print(HumanRenderer.render(d, source, color));
            err().print('\n');
        }
        notShown(diagnostics.size() - shown);
        err().print(HumanRenderer.summary(source.path(), errors, diagnostics.size() - errors, color));
    }

    /** The line after a capped list of diagnostics. */
    void notShown(int hidden) {
        if (hidden > 0) {
            err().printf(java.util.Locale.ROOT, "nnetc: %,d more diagnostic%s not shown (--max-errors=0 shows all)%n",
                    hidden, hidden == 1 ? "" : "s");
        }
    }

    /**
     * E0003, rendered like every diagnostic, and status 1 (the program's problem, not the command line's), from
     * every command that compiles: {@code nnetc compile} and {@code nnet train|eval|predict} alike.
     */
    int unsupported(SourceFile source, LoweringException e, boolean color) {
        Diagnostics diags = new Diagnostics();
        diags.report(Code.E0003, e.span(), e.getMessage(),
                r -> r.note("`nnetc check` accepts this program; only compiling it is not supported yet"));
        printHuman(source, diags.sorted(), color);
        return Nnetc.ERRORS;
    }

    /** Prints text that should end a stream's output with exactly one newline. */
    static void printBlock(PrintWriter w, String text) {
        w.print(text);
        if (!text.isEmpty() && !text.endsWith("\n")) {
            w.println();
        }
    }

    /** Carries an {@link Error} through picocli, which only handles Exceptions. */
    static final class Crash extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Crash(Error cause) {
            super(cause);
        }
    }
}
