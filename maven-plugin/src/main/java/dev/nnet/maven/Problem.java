package dev.nnet.maven;

import dev.nnet.diag.Diagnostic;
import dev.nnet.diag.Severity;
import dev.nnet.diag.ShortRenderer;
import dev.nnet.diag.Span;
import java.nio.file.Path;
import java.util.List;

/**
 * One diagnostic of one file, reduced to what a build log and an IDE marker show. It keeps no reference to the
 * compiler's trees, so warnings can be stored in the build cache and reported again on an up-to-date build.
 *
 * @param file    the absolute path of the {@code .nnet} file, as printed
 * @param code    the stable diagnostic code ({@code E0201}, {@code W0301})
 * @param message one line; the compiler's message with line breaks folded as {@link ShortRenderer} does
 */
public record Problem(Path file, Severity severity, String code, int line, int column, String message, String help) {
    public Problem {
        message = oneLine(message);
        help = help == null || help.isBlank() ? null : oneLine(help);
    }

    /** A problem without a {@code help:} line. */
    public Problem(Path file, Severity severity, String code, int line, int column, String message) {
        this(file, severity, code, line, column, message, null);
    }

    private static String oneLine(String text) {
        return text.replaceAll("\\s*\\R\\s*", " ");
    }

    /** The compiler's diagnostic, with its primary position and its help, if any. */
    public static Problem of(Path file, Diagnostic d) {
        return new Problem(file, d.severity(), d.code(), d.span().line(), d.span().column(), d.message(), d.help());
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** The same problem reported as an error: how {@code failOnWarning} treats warnings, like {@code --Werror}. */
    public Problem asError() {
        return new Problem(file, Severity.ERROR, code, line, column, message, help);
    }

    /** The GNU-style line of {@code nnetc check --format=short}: {@code file:line:col: error: message [E0201]}. */
    public String render() {
        Span at = new Span(0, 0, line, column, line, column);
        Diagnostic d = new Diagnostic(severity, code, at, message, "", List.of(), List.of(), null, null);
        return ShortRenderer.render(d, file.toString());
    }

    /** The line after {@link #render()} when the compiler suggests a fix: {@code   help: declare ...}; else null. */
    public String renderHelp() {
        return help == null ? null : "  help: " + help;
    }
}
