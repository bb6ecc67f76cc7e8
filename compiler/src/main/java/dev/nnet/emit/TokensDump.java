package dev.nnet.emit;

import dev.nnet.syntax.Token;
import java.util.List;

/** {@code --emit=tokens}: one token per line, {@code line:col KIND 'text'}. */
public final class TokensDump {
    private TokensDump() {
    }

    public static String render(List<Token> tokens) {
        StringBuilder out = new StringBuilder();
        for (Token t : tokens) {
            out.append(t.span().line()).append(':').append(t.span().column()).append(' ')
                    .append(kind(t.kind())).append(" '").append(escape(t.text())).append("'\n");
        }
        return out.toString();
    }

    /** Keywords have no symbolic name in ANTLR, only a quoted literal; print {@code model}, not {@code 'model'}. */
    private static String kind(String kind) {
        if (kind == null) {
            return "?";
        }
        return kind.length() > 1 && kind.startsWith("'") && kind.endsWith("'") ? kind.substring(1, kind.length() - 1)
                : kind;
    }

    /** Keeps one token per line even for a stray control character. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder();
        for (char c : text.toCharArray()) {
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\\' -> out.append("\\\\");
                case '\'' -> out.append("\\'");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
