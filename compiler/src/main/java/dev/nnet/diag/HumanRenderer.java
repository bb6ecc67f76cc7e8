package dev.nnet.diag;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The rustc-style rendering: header, {@code -->} location, the source lines involved with carets under the primary
 * span and dashes under each label, then {@code = note:} and {@code = help:} lines. ANSI colour only when asked, so
 * the caller decides whether its stream is a terminal.
 */
public final class HumanRenderer {
    /** rustc replaces every tab with four spaces; doing the same keeps carets aligned whatever the user's tab stop. */
    private static final int TAB_WIDTH = 4;
    /**
     * A longer source line is shown as a window of this many characters around what is underlined, with
     * {@code ...} where it was cut, as rustc does: a 1 MB line must not print whole under every diagnostic.
     */
    static final int MAX_LINE_CHARS = 120;
    /** How much of a cut line to keep before the first underlined character. */
    private static final int LEAD_CHARS = 40;
    private static final String CUT = "...";
    private static final String RESET = "\u001b[0m";
    private static final String BOLD = "\u001b[1m";
    private static final String RED = "\u001b[1;31m";
    private static final String YELLOW = "\u001b[1;33m";
    private static final String BLUE = "\u001b[1;34m";

    private final boolean color;

    private HumanRenderer(boolean color) {
        this.color = color;
    }

    /** One diagnostic, ending with a newline. */
    public static String render(Diagnostic d, SourceFile source, boolean color) {
        return new HumanRenderer(color).diagnostic(d, source);
    }

    /** Every diagnostic, separated by blank lines as rustc does. */
    public static String renderAll(List<Diagnostic> diagnostics, SourceFile source, boolean color) {
        HumanRenderer r = new HumanRenderer(color);
        StringBuilder out = new StringBuilder();
        for (Diagnostic d : diagnostics) {
            out.append(r.diagnostic(d, source)).append('\n');
        }
        return out.toString();
    }

    /**
     * The closing line, cargo's wording: {@code error: could not compile `f` due to 2 previous errors; 1 warning
     * emitted}, or {@code warning: `f` generated 1 warning}; empty (no newline) when there was nothing to report.
     */
    public static String summary(String path, int errors, int warnings, boolean color) {
        HumanRenderer r = new HumanRenderer(color);
        if (errors > 0) {
            String line = "could not compile `" + path + "` due to " + plural(errors, "previous error")
                    + (warnings > 0 ? "; " + plural(warnings, "warning") + " emitted" : "");
            return r.paint(RED, "error") + r.paint(BOLD, ": " + line) + "\n";
        }
        if (warnings > 0) {
            String line = "`" + path + "` generated " + plural(warnings, "warning");
            return r.paint(YELLOW, "warning") + r.paint(BOLD, ": " + line) + "\n";
        }
        return "";
    }

    private static String plural(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    /** A span to underline: the primary one with carets, labels with dashes. */
    private record Mark(int line, int from, int width, String label, boolean primary) {
    }

    private String diagnostic(Diagnostic d, SourceFile source) {
        String sevColor = d.isError() ? RED : YELLOW;
        StringBuilder out = new StringBuilder();
        out.append(paint(sevColor, d.severity().label() + "[" + d.code() + "]"))
                .append(paint(BOLD, ": " + d.message())).append('\n');

        TreeSet<Integer> lines = new TreeSet<>();
        lines.add(lineOf(source, d.span()));
        d.labels().forEach(l -> lines.add(lineOf(source, l.span())));
        Map<Integer, Window> windows = new HashMap<>();
        for (int line : lines) {
            windows.put(line, window(source, line, d));
        }
        List<Mark> marks = new ArrayList<>();
        marks.add(mark(source, windows, d.span(), d.spanLabel(), true));
        for (Label l : d.labels()) {
            marks.add(mark(source, windows, l.span(), l.message(), false));
        }
        int width = String.valueOf(lines.last()).length();
        String pad = " ".repeat(width);
        String bar = pad + " " + paint(BLUE, "|");

        out.append(pad).append(paint(BLUE, "-->")).append(' ').append(source.path()).append(':')
                .append(d.span().line()).append(':').append(d.span().column()).append('\n');
        out.append(bar).append('\n');
        marks.sort(Comparator.comparingInt(Mark::line).thenComparingInt(Mark::from)
                .thenComparing(m -> !m.primary()));
        int previous = -1;
        for (int line : lines) {
            if (previous != -1 && line == previous + 2) {
                // one hidden line costs as much as "..."
                sourceLine(out, source, window(source, previous + 1, d), width);
            } else if (previous != -1 && line > previous + 2) {
                out.append(paint(BLUE, "...")).append('\n');
            }
            sourceLine(out, source, windows.get(line), width);
            for (Mark m : marks) {
                if (m.line() == line) {
                    String glyphs = (m.primary() ? "^" : "-").repeat(m.width())
                            + (m.label().isEmpty() ? "" : " " + m.label());
                    out.append(bar).append(' ').append(" ".repeat(m.from()))
                            .append(paint(m.primary() ? sevColor : BLUE, glyphs)).append('\n');
                }
            }
            previous = line;
        }
        if (!d.notes().isEmpty() || d.help() != null) {
            out.append(bar).append('\n');
        }
        for (String note : d.notes()) {
            footer(out, pad, "note", note);
        }
        if (d.help() != null) {
            footer(out, pad, "help", d.help());
        }
        return out.toString();
    }

    /** {@code = note: text}; continuation lines of a multi-line text align under its first character. */
    private void footer(StringBuilder out, String pad, String kind, String text) {
        String lead = pad + " " + paint(BLUE, "=") + " " + paint(BOLD, kind) + ": ";
        String indent = pad + " ".repeat(kind.length() + 5);
        String[] parts = text.split("\n", -1);
        out.append(lead).append(parts[0]).append('\n');
        for (int i = 1; i < parts.length; i++) {
            out.append(indent).append(parts[i]).append('\n');
        }
    }

    /** The part of a source line that is shown: offsets {@code [from, to)}, and whether either end was cut. */
    private record Window(int line, int from, int to, boolean cutStart, boolean cutEnd) {
        String text(SourceFile source) {
            return (cutStart ? CUT : "") + expandTabs(source.text().substring(from, to)) + (cutEnd ? CUT : "");
        }

        /** Display columns taken before the window's own text starts. */
        int lead() {
            return cutStart ? CUT.length() : 0;
        }
    }

    private static int lineOf(SourceFile source, Span span) {
        return Math.max(1, Math.min(span.line(), source.lineCount()));
    }

    /**
     * The whole line when it is short; otherwise {@link #MAX_LINE_CHARS} characters starting a little before the
     * first span that starts on it. Only the window is ever copied or measured, so the cost is bounded per line.
     */
    private static Window window(SourceFile source, int line, Diagnostic d) {
        int start = source.lineStart(line);
        int end = source.lineEnd(line);
        if (end - start <= MAX_LINE_CHARS) {
            return new Window(line, start, end, false, false);
        }
        int anchor = end;
        if (lineOf(source, d.span()) == line) {
            anchor = Math.min(anchor, spanStartOn(d.span(), line, start));
        }
        for (Label l : d.labels()) {
            if (lineOf(source, l.span()) == line) {
                anchor = Math.min(anchor, spanStartOn(l.span(), line, start));
            }
        }
        int from = Math.max(start, Math.min(anchor - LEAD_CHARS, end - MAX_LINE_CHARS));
        int to = Math.min(end, from + MAX_LINE_CHARS);
        return new Window(line, from, to, from > start, to < end);
    }

    private static int spanStartOn(Span span, int line, int lineStart) {
        return span.line() == line ? span.start() : lineStart;
    }

    private void sourceLine(StringBuilder out, SourceFile source, Window window, int width) {
        String text = window.text(source);
        String digits = Integer.toString(window.line());
        String number = " ".repeat(Math.max(0, width - digits.length())) + digits;
        out.append(paint(BLUE, number + " |"));
        if (!text.isEmpty()) {
            out.append(' ').append(text);
        }
        out.append('\n');
    }

    /**
     * Where to draw under one line, in display columns. A span running past its first line is underlined to that
     * line's end (rustc draws a margin instead; one line keeps the picture small). Empty spans get one caret.
     * Underlining stops at the edges of a cut line's window.
     */
    private static Mark mark(SourceFile source, Map<Integer, Window> windows, Span span, String label,
                             boolean primary) {
        int line = lineOf(source, span);
        Window w = windows.get(line);
        String text = source.text().substring(w.from(), w.to());
        int from = clamp(line == span.line() ? span.start() - w.from() : 0, 0, text.length());
        int to = span.endLine() == line ? span.end() - w.from() : text.length();
        to = clamp(to, from, text.length());
        int start = displayWidth(text, from);
        int width = Math.max(1, displayWidth(text, to) - start);
        return new Mark(line, w.lead() + start, width, label == null ? "" : label, primary);
    }

    private static int clamp(int v, int lo, int hi) {
        return Math.max(lo, Math.min(v, hi));
    }

    private static int displayWidth(String text, int chars) {
        int w = 0;
        for (int i = 0; i < chars; i++) {
            w += text.charAt(i) == '\t' ? TAB_WIDTH : 1;
        }
        return w;
    }

    private static String expandTabs(String text) {
        return text.replace("\t", " ".repeat(TAB_WIDTH));
    }

    private String paint(String style, String text) {
        return color && !text.isEmpty() ? style + text + RESET : text;
    }
}
