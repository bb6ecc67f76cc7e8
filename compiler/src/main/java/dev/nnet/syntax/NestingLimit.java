package dev.nnet.syntax;

import dev.nnet.diag.Code;
import dev.nnet.diag.Diagnostics;
import dev.nnet.diag.SourceFile;
import dev.nnet.grammar.NnetLexer;
import java.util.List;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.Vocabulary;

/**
 * A linear pre-scan of the tokens for bracket depth, run before ANTLR parses. ANTLR's adaptive prediction looks
 * ahead across a whole nested expression at every level, so 20,000 nested parentheses cost it half a minute; and
 * every later stage recurses over the tree. Refusing absurd depth here, in one pass over the tokens, keeps checking
 * linear in the size of any input.
 */
final class NestingLimit {
    /** Far beyond any real program (the seeds nest under 10 deep), far below where recursion gets costly. */
    static final int MAX_DEPTH = 256;

    // Token types of the brackets, looked up once by their literal text: comparing types allocates nothing, where
    // Token.getText() copies a string per token.
    private static final int OPEN_PAREN = literal("(");
    private static final int CLOSE_PAREN = literal(")");
    private static final int OPEN_BRACKET = literal("[");
    private static final int CLOSE_BRACKET = literal("]");
    private static final int OPEN_BRACE = literal("{");
    private static final int CLOSE_BRACE = literal("}");

    private NestingLimit() {
    }

    private static int literal(String text) {
        Vocabulary v = NnetLexer.VOCABULARY;
        for (int type = 1; type <= v.getMaxTokenType(); type++) {
            if (("'" + text + "'").equals(v.getLiteralName(type))) {
                return type;
            }
        }
        throw new IllegalStateException("the grammar has no token " + text);
    }

    /** Reports E0004 at the first bracket that opens beyond {@link #MAX_DEPTH}; true when the tokens are fine. */
    static boolean check(List<Token> tokens, SourceFile source, Diagnostics diags) {
        int depth = 0;
        for (Token t : tokens) {
            if (t.getChannel() != Token.DEFAULT_CHANNEL) {
                continue;
            }
            int type = t.getType();
            if (type == OPEN_PAREN || type == OPEN_BRACKET || type == OPEN_BRACE) {
                depth++;
                if (depth > MAX_DEPTH) {
                    diags.report(Code.E0004, source.span(t.getStartIndex(), t.getStopIndex() + 1),
                            "brackets nested more than " + MAX_DEPTH + " deep",
                            r -> r.spanLabel("bracket number " + (MAX_DEPTH + 1) + " opens here")
                                    .help("split the expression into several statements, one variable each"));
                    return false;
                }
            } else if (type == CLOSE_PAREN || type == CLOSE_BRACKET || type == CLOSE_BRACE) {
                depth = Math.max(0, depth - 1); // a stray closer is the parser's to report
            } else if (t.getType() == NnetLexer.EOF) {
                break;
            }
        }
        return true;
    }
}
