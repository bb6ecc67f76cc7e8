package dev.nnet.diag;

import java.util.List;

/**
 * GNU style, one line per diagnostic: {@code path:line:col: error: message [E0201]}. The code goes last so the
 * prefix stays what Emacs, Vim's errorformat and Maven log scrapers already parse.
 */
public final class ShortRenderer {
    private ShortRenderer() {
    }

    public static String render(Diagnostic d, String path) {
        // A newline inside a message would break the one-line contract that quick-fix lists rely on.
        String message = d.message().replaceAll("\\s*\\R\\s*", " ");
        return path + ":" + d.span().line() + ":" + d.span().column() + ": " + d.severity().label() + ": "
                + message + " [" + d.code() + "]";
    }

    /** Every diagnostic of a file, each line ending with a newline. */
    public static String renderAll(List<Diagnostic> diagnostics, String path) {
        StringBuilder out = new StringBuilder();
        for (Diagnostic d : diagnostics) {
            out.append(render(d, path)).append('\n');
        }
        return out.toString();
    }
}
