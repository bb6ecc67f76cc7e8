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
        int errors = (int) diagnostics.stream().filter(Diagnostic::isError).count();
        for (Diagnostic d : diagnostics) { // one at a time: half a million errors need not be one string
            err().print(HumanRenderer.render(d, source, color));
            err().print('\n');
        }
        err().print(HumanRenderer.summary(source.path(), errors, diagnostics.size() - errors, color));
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
