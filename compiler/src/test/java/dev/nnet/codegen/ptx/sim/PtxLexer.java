package dev.nnet.codegen.ptx.sim;

import java.util.ArrayList;
import java.util.List;

/** Splits PTX text into tokens, dropping comments; opcodes with their dotted modifiers are one word. */
final class PtxLexer {
    enum Kind { WORD, NUMBER, STRING, PUNCT, END }

    record Token(Kind kind, String text, int line) {
        boolean is(String punctOrWord) {
            return text.equals(punctOrWord) && kind != Kind.STRING;
        }
    }

    private final String src;
    private int pos;
    private int line = 1;

    private PtxLexer(String src) {
        this.src = src;
    }

    static List<Token> tokenize(String src) {
        return new PtxLexer(src).run();
    }

    private List<Token> run() {
        List<Token> tokens = new ArrayList<>();
        while (true) {
            skipSpaceAndComments();
            if (pos >= src.length()) {
                tokens.add(new Token(Kind.END, "end of file", line));
                return tokens;
            }
            char c = src.charAt(pos);
            int start = pos;
            if (isWordStart(c)) {
                pos++;
                while (pos < src.length() && (isWordPart(src.charAt(pos)) || isQualifierColons(start))) {
                    pos += src.charAt(pos) == ':' ? 2 : 1;
                }
                tokens.add(new Token(Kind.WORD, src.substring(start, pos), line));
            } else if (Character.isDigit(c)) {
                pos++;
                boolean hex = pos < src.length() && "xXfFdD".indexOf(src.charAt(pos)) >= 0 && c == '0';
                while (pos < src.length() && isNumberPart(src.charAt(pos), src.charAt(pos - 1), hex)) {
                    pos++;
                }
                tokens.add(new Token(Kind.NUMBER, src.substring(start, pos), line));
            } else if (c == '"') {
                int end = src.indexOf('"', pos + 1);
                if (end < 0 || src.substring(pos, end).contains("\n")) {
                    throw new SimException("PTX line " + line + ": unterminated string literal");
                }
                pos = end + 1;
                tokens.add(new Token(Kind.STRING, src.substring(start + 1, end), line));
            } else if ("[]{}(),;:+-@!<>|=".indexOf(c) >= 0) {
                pos++;
                tokens.add(new Token(Kind.PUNCT, String.valueOf(c), line));
            } else {
                throw new SimException("PTX line " + line + ": unexpected character '" + c + "'");
            }
        }
    }

    private void skipSpaceAndComments() {
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (c == '\n') {
                line++;
                pos++;
            } else if (Character.isWhitespace(c)) {
                pos++;
            } else if (src.startsWith("//", pos)) {
                while (pos < src.length() && src.charAt(pos) != '\n') {
                    pos++;
                }
            } else if (src.startsWith("/*", pos)) {
                int end = src.indexOf("*/", pos + 2);
                if (end < 0) {
                    throw new SimException("PTX line " + line + ": unterminated /* comment");
                }
                for (int i = pos; i < end; i++) {
                    if (src.charAt(i) == '\n') {
                        line++;
                    }
                }
                pos = end + 2;
            } else {
                return;
            }
        }
    }

    /** {@code ::} inside an opcode modifier, as in {@code ld.global.L1::no_allocate.f32} (not a label's colon). */
    private boolean isQualifierColons(int wordStart) {
        return src.startsWith("::", pos) && pos + 2 < src.length() && Character.isLetterOrDigit(src.charAt(pos + 2))
                && src.lastIndexOf('.', pos) > wordStart;
    }

    private static boolean isWordStart(char c) {
        return Character.isLetter(c) || c == '_' || c == '$' || c == '%' || c == '.';
    }

    private static boolean isWordPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c == '.';
    }

    /** Digits, hex digits, the radix letters of 0x/0f/0d, a decimal point and a signed exponent. */
    private static boolean isNumberPart(char c, char previous, boolean hex) {
        if (Character.isLetterOrDigit(c) || c == '.') {
            return true;
        }
        return !hex && (c == '+' || c == '-') && (previous == 'e' || previous == 'E');
    }
}
