package dev.nnet.ir.op;

import dev.nnet.ir.IrException;
import java.util.Locale;

/** Reads {@link PExpr#text()} back: {@code relu(add($0, $1))}, {@code mul($0, 0.5)}, {@code leaky_relu($0, 0.01)}. */
final class PExprParser {
    private final String s;
    private int at;

    private PExprParser(String s) {
        this.s = s;
    }

    static PExpr parse(String text) {
        PExprParser p = new PExprParser(text.strip());
        PExpr e = p.expr();
        if (p.at != p.s.length()) {
            throw new IrException("unexpected `" + p.s.substring(p.at) + "` in expression `" + text + "`");
        }
        return e;
    }

    private PExpr expr() {
        skipSpaces();
        if (peek() == '$') {
            at++;
            return new PExpr.In(Integer.parseInt(word()));
        }
        String w = word();
        skipSpaces();
        if (peek() != '(') {
            return new PExpr.Const(Float.parseFloat(w));
        }
        at++;
        PExpr a = expr();
        skipSpaces();
        if (peek() == ')') {
            at++;
            return new PExpr.Call1(PExpr.Fn1.valueOf(w.toUpperCase(Locale.ROOT)), a);
        }
        expect(',');
        PExpr b = expr();
        skipSpaces();
        expect(')');
        return new PExpr.Call2(PExpr.Fn2.valueOf(w.toUpperCase(Locale.ROOT)), a, b);
    }

    private String word() {
        int start = at;
        while (at < s.length() && "(), ".indexOf(s.charAt(at)) < 0) {
            at++;
        }
        if (start == at) {
            throw new IrException("expected a name or number at `" + s.substring(at) + "`");
        }
        return s.substring(start, at);
    }

    private void expect(char c) {
        if (peek() != c) {
            throw new IrException("expected `" + c + "` at `" + s.substring(at) + "`");
        }
        at++;
    }

    private char peek() {
        return at < s.length() ? s.charAt(at) : '\0';
    }

    private void skipSpaces() {
        while (peek() == ' ') {
            at++;
        }
    }
}
