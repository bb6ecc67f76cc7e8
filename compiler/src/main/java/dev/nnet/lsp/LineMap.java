package dev.nnet.lsp;

import dev.nnet.diag.Span;
import java.util.Arrays;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;

/**
 * Converts between LSP positions (0-based line, column in UTF-16 code units) and character offsets of one text.
 * Lines end at {@code \n}, {@code \r\n} or a lone {@code \r} (LSP's three line endings), exactly as in
 * {@link dev.nnet.diag.SourceFile}, and a Java {@code char} is one UTF-16
 * unit, so a {@link Span}'s 1-based line and column map to a position by subtracting one, with no re-scan.
 */
final class LineMap {
    private final String text;
    private final int length;
    private final int[] starts;

    LineMap(String text) {
        this.text = text;
        length = text.length();
        int[] s = new int[16];
        int n = 1;
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r' && (i + 1 == length || text.charAt(i + 1) != '\n')) {
                if (n == s.length) {
                    s = Arrays.copyOf(s, n * 2);
                }
                s[n++] = i + 1;
            }
        }
        starts = Arrays.copyOf(s, n);
    }

    int lineCount() {
        return starts.length;
    }

    /**
     * The offset of a position. Clients may name a line past the end or a column past a line's end (LSP says to
     * treat it as the line's end); both are clamped rather than rejected, so an edit never lands outside the text.
     */
    int offset(Position p) {
        if (p.getLine() < 0) {
            return 0;
        }
        if (p.getLine() >= starts.length) {
            return length;
        }
        int start = starts[p.getLine()];
        int end = p.getLine() + 1 < starts.length ? starts[p.getLine() + 1] - 1 : length;
        if (end > start && text.charAt(end - 1) == '\r' && end < length && text.charAt(end) == '\n') {
            end--; // CRLF: the line's last character is before the CR
        }
        return start + Math.max(0, Math.min(p.getCharacter(), end - start));
    }

    Position position(int offset) {
        int o = Math.max(0, Math.min(offset, length));
        int line = Arrays.binarySearch(starts, o);
        if (line < 0) {
            line = -line - 2;
        }
        return new Position(line, o - starts[line]);
    }

    /** The range of a span of this text. */
    static Range range(Span s) {
        return new Range(new Position(s.line() - 1, s.column() - 1), new Position(s.endLine() - 1, s.endColumn() - 1));
    }
}
