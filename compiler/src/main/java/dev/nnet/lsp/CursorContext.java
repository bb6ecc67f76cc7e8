package dev.nnet.lsp;

import dev.nnet.diag.SourceFile;
import dev.nnet.syntax.Parser;
import dev.nnet.syntax.Token;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Where the cursor is, worked out from the tokens before it rather than from the AST, because completion is
 * asked for exactly when the text does not parse: {@code x = relu(pool(} has no call node yet, but its tokens
 * still say "inside the arguments of pool, in a forward body of model Net".
 *
 * @param prefix    the part of a name already typed before the cursor, replaced by the completion
 * @param wordStart where that part starts
 * @param region    the innermost body the cursor is in
 * @param owner     the model or block whose body it is; for a train block, the model it trains; else null
 * @param call      the innermost call whose argument list is open at the cursor, or null
 * @param afterDot  the cursor follows {@code expr.}, where only methods fit
 * @param previous  the texts of the last tokens before the word, nearest first (at most three)
 */
record CursorContext(String prefix, int wordStart, Region region, String owner, OpenCall call, boolean afterDot,
                     List<String> previous) {
    enum Region { TOP, COMPONENT, SEQUENTIAL, FORWARD, TRAIN, OTHER }

    /**
     * An argument list open at the cursor.
     *
     * @param given      keywords already written in it
     * @param positional how many positional arguments come before the cursor's
     * @param keyword    the keyword whose value is being typed ({@code reduction=|}), or null
     * @param argStart   whether the cursor starts an argument (right after {@code (} or {@code ,})
     */
    record OpenCall(String callee, boolean method, Set<String> given, int positional, String keyword,
                    boolean argStart) {
    }

    /** The previous token's text, or "" at the start of the file. */
    String last() {
        return previous.isEmpty() ? "" : previous.get(0);
    }

    String beforeLast(int n) {
        return previous.size() > n ? previous.get(n) : "";
    }

    private static final class Frame {
        final String open;
        final Region region;
        final String owner;
        final String callee;
        final boolean method;
        final Set<String> given = new LinkedHashSet<>();
        int positional;
        int argTokens;
        boolean keywordArg;

        Frame(String open, Region region, String owner, String callee, boolean method) {
            this.open = open;
            this.region = region;
            this.owner = owner;
            this.callee = callee;
            this.method = method;
        }
    }

    static CursorContext at(String text, int offset) {
        int wordStart = offset;
        while (wordStart > 0 && isNameChar(text.charAt(wordStart - 1))) {
            wordStart--;
        }
        String prefix = text.substring(wordStart, offset);
        List<Token> tokens = new ArrayList<>();
        for (Token t : Parser.tokens(new SourceFile("", text.substring(0, wordStart)))) {
            if (!t.kind().equals("ERROR_CHAR")) {
                tokens.add(t);
            }
        }
        Deque<Frame> frames = new ArrayDeque<>();
        for (int i = 0; i < tokens.size(); i++) {
            String s = tokens.get(i).text();
            if (!frames.isEmpty() && !s.equals(",") && !s.equals(")") && !s.equals("]")) {
                frames.peek().argTokens++;
            }
            switch (s) {
                case "{" -> {
                    // Nothing inside parentheses opens a body: parentheses left open before one were never closed.
                    while (!frames.isEmpty() && !frames.peek().open.equals("{")) {
                        frames.pop();
                    }
                    frames.push(brace(tokens, i, frames.peek()));
                }
                case "}" -> {
                    while (!frames.isEmpty() && !frames.pop().open.equals("{")) {
                        // unwinds brackets left open inside the body
                    }
                }
                case "(", "[" -> {
                    String callee = s.equals("(") && i > 0 && isName(tokens.get(i - 1)) ? tokens.get(i - 1).text()
                            : null;
                    boolean method = callee != null && i > 1 && tokens.get(i - 2).text().equals(".");
                    Frame enclosing = frames.peek();
                    frames.push(new Frame(s, enclosing == null ? Region.TOP : enclosing.region,
                            enclosing == null ? null : enclosing.owner, callee, method));
                }
                case ")", "]" -> {
                    String open = s.equals(")") ? "(" : "[";
                    if (frames.stream().anyMatch(f -> f.open.equals(open))) {
                        while (!frames.pop().open.equals(open)) {
                            // unwinds the other kind left open inside
                        }
                        if (!frames.isEmpty()) {
                            frames.peek().argTokens++;
                        }
                    }
                }
                case "," -> {
                    Frame top = frames.peek();
                    if (top != null) {
                        top.positional += top.argTokens > 0 && !top.keywordArg ? 1 : 0;
                        top.argTokens = 0;
                        top.keywordArg = false;
                    }
                }
                case "=" -> {
                    Frame top = frames.peek();
                    if (top != null && top.open.equals("(") && i > 1 && isName(tokens.get(i - 1))
                            && (tokens.get(i - 2).text().equals("(") || tokens.get(i - 2).text().equals(","))) {
                        top.given.add(tokens.get(i - 1).text());
                        top.keywordArg = true;
                    }
                }
                default -> {
                }
            }
        }
        List<String> previous = new ArrayList<>();
        for (int i = tokens.size() - 1; i >= 0 && previous.size() < 3; i--) {
            previous.add(tokens.get(i).text());
        }
        Frame top = frames.peek();
        Frame body = frames.stream().filter(f -> f.open.equals("{")).findFirst().orElse(null);
        Region region = body == null ? Region.TOP : body.region;
        String owner = body == null ? null : body.owner;
        OpenCall call = null;
        if (top != null && top.open.equals("(") && top.callee != null) {
            String last = previous.isEmpty() ? "" : previous.get(0);
            String keyword = last.equals("=") && previous.size() > 1 ? previous.get(1) : null;
            call = new OpenCall(top.callee, top.method, top.given, top.positional, keyword,
                    last.equals("(") || last.equals(","));
        }
        boolean afterDot = !previous.isEmpty() && previous.get(0).equals(".");
        return new CursorContext(prefix, wordStart, region, owner, call, afterDot, previous);
    }

    /** What a {@code {} opens, from the tokens before it: {@code model Net {}, {@code forward(x) {}, ... */
    private static Frame brace(List<Token> tokens, int i, Frame enclosing) {
        String owner = enclosing == null ? null : enclosing.owner;
        int j = i - 1;
        if (j >= 0 && tokens.get(j).text().equals(")")) {
            int depth = 0;
            for (; j >= 0; j--) {
                String s = tokens.get(j).text();
                depth += s.equals(")") ? 1 : s.equals("(") ? -1 : 0;
                if (depth == 0) {
                    break;
                }
            }
            j--;
            if (j >= 0 && tokens.get(j).text().equals("forward")) {
                return new Frame("{", Region.FORWARD, owner, null, false);
            }
            if (j >= 1 && tokens.get(j - 1).text().equals("block")) {
                return new Frame("{", Region.COMPONENT, tokens.get(j).text(), null, false);
            }
            return new Frame("{", Region.OTHER, owner, null, false);
        }
        String before = j >= 0 ? tokens.get(j).text() : "";
        String keyword = j >= 1 ? tokens.get(j - 1).text() : "";
        if (before.equals("forward")) {
            return new Frame("{", Region.FORWARD, owner, null, false);
        }
        if (before.equals("sequential")) {
            return new Frame("{", Region.SEQUENTIAL, owner, null, false);
        }
        if (keyword.equals("model")) {
            return new Frame("{", Region.COMPONENT, before, null, false);
        }
        if (keyword.equals("train")) {
            return new Frame("{", Region.TRAIN, before, null, false);
        }
        return new Frame("{", Region.OTHER, owner, null, false);
    }

    private static boolean isName(Token t) {
        String s = t.text();
        return !s.isEmpty() && (Character.isLetter(s.charAt(0)) || s.charAt(0) == '_');
    }

    static boolean isNameChar(char c) {
        return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
    }

    /** Whether the offset is inside a comment or a string literal, where nothing should be offered. */
    static boolean inCommentOrString(String text, int offset) {
        int i = 0;
        int end = Math.min(offset, text.length());
        while (i < end) {
            char c = text.charAt(i);
            if (c == '/' && i + 1 < text.length() && text.charAt(i + 1) == '/') {
                int eol = text.indexOf('\n', i);
                if (eol < 0 || eol >= offset) {
                    return true;
                }
                i = eol + 1;
            } else if (c == '/' && i + 1 < text.length() && text.charAt(i + 1) == '*') {
                int close = text.indexOf("*/", i + 2);
                if (close < 0 || close + 2 > offset) {
                    return true;
                }
                i = close + 2;
            } else if (c == '"') {
                int j = i + 1;
                while (j < text.length() && text.charAt(j) != '"' && text.charAt(j) != '\n') {
                    j += text.charAt(j) == '\\' ? 2 : 1;
                }
                if (j >= offset) {
                    return true;
                }
                i = j + 1;
            } else {
                i++;
            }
        }
        return false;
    }
}
