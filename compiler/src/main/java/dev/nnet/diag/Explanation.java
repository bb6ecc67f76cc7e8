package dev.nnet.diag;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The long explanation of a diagnostic code, as {@code nnetc explain CODE} prints it, in the style of
 * {@code rustc --explain}: what the code means, a program that causes it, and the same program fixed. Each page is
 * the resource {@code explain/CODE.txt}: the text, then {@code --- wrong} and {@code --- fixed} lines, each followed
 * by a complete {@code .nnet} program. A test checks every code has a page, that the wrong program reports the code
 * and that the fixed one does not.
 */
public record Explanation(Code code, String text, String wrong, String fixed) {
    private static final String WRONG = "\n--- wrong\n";
    private static final String FIXED = "\n--- fixed\n";

    public static Explanation of(Code code) {
        String page;
        try (InputStream in = Explanation.class.getResourceAsStream("explain/" + code.id() + ".txt")) {
            if (in == null) {
                throw new IllegalStateException("no explanation page for " + code.id());
            }
            page = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int wrong = page.indexOf(WRONG);
        int fixed = page.indexOf(FIXED);
        if (wrong < 0 || fixed < wrong) {
            throw new IllegalStateException("the explanation page of " + code.id() + " lacks its examples");
        }
        return new Explanation(code, page.substring(0, wrong).strip(),
                page.substring(wrong + WRONG.length(), fixed).strip(), page.substring(fixed + FIXED.length()).strip());
    }

    /** The page as printed: heading, text, then the two programs indented by four spaces. */
    public String render() {
        String kind = code.severity() == Severity.WARNING ? "warning" : "error";
        return kind + "[" + code.id() + "]: " + code.summary() + "\n\n" + text + "\n\n"
                + (code.severity() == Severity.WARNING ? "Code that is warned about:" : "Erroneous code example:")
                + "\n\n" + indent(wrong) + "\n\nFixed:\n\n" + indent(fixed) + "\n";
    }

    private static String indent(String program) {
        return program.lines().map(l -> l.isEmpty() ? "" : "    " + l).reduce((a, b) -> a + "\n" + b).orElse("");
    }
}
