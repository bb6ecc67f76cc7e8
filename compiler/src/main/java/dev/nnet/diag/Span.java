package dev.nnet.diag;

/**
 * A range of source text: character offsets {@code [start, end)} plus the 1-based line and column of both ends,
 * so renderers and editors never need to re-scan the file.
 */
public record Span(int start, int end, int line, int column, int endLine, int endColumn) {
    public static final Span NONE = new Span(0, 0, 1, 1, 1, 1);

    /** The smallest span covering both. */
    public Span to(Span other) {
        Span first = start <= other.start ? this : other;
        Span last = end >= other.end ? this : other;
        return new Span(first.start, last.end, first.line, first.column, last.endLine, last.endColumn);
    }

    /** The empty span just before this span's last character: where {@code , batch_first=true} goes in a call. */
    public Span beforeLastChar() {
        return new Span(end - 1, end - 1, endLine, endColumn - 1, endLine, endColumn - 1);
    }

    public boolean contains(int offset) {
        return start <= offset && offset < end;
    }
}
