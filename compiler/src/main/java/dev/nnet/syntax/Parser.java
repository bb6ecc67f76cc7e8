package dev.nnet.syntax;

import dev.nnet.Cancellation;
import dev.nnet.ast.Program;
import dev.nnet.diag.Code;
import dev.nnet.diag.Diagnostics;
import dev.nnet.diag.SourceFile;
import dev.nnet.grammar.NnetLexer;
import dev.nnet.grammar.NnetParser;
import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Vocabulary;
import org.antlr.v4.runtime.tree.ErrorNode;
import org.antlr.v4.runtime.tree.ParseTreeListener;
import org.antlr.v4.runtime.tree.TerminalNode;

/** The only door to ANTLR: text in, AST and diagnostics out. Syntax errors recover and parsing carries on. */
public final class Parser {
    private Parser() {
    }

    public static Program parse(SourceFile source, Diagnostics diags) {
        return parse(source, diags, Cancellation.NONE);
    }

    /** As {@link #parse(SourceFile, Diagnostics)}, polling {@code cancel} at every rule the parser enters. */
    public static Program parse(SourceFile source, Diagnostics diags, Cancellation cancel) {
        NnetLexer lexer = new NnetLexer(CharStreams.fromString(source.text(), source.path()));
        lexer.removeErrorListeners();
        CommonTokenStream tokens = new CommonTokenStream(lexer);
        tokens.fill();
        reportInvalidCharacters(tokens.getTokens(), source, diags);
        if (!NestingLimit.check(tokens.getTokens(), source, diags)) {
            return new Program(source, List.of());
        }
        cancel.checkpoint();
        NnetParser parser = new NnetParser(tokens);
        parser.removeErrorListeners();
        if (cancel != Cancellation.NONE) {
            parser.addParseListener(new ParseTreeListener() {
                @Override
                public void enterEveryRule(ParserRuleContext ctx) {
                    cancel.checkpoint();
                }

                @Override
                public void exitEveryRule(ParserRuleContext ctx) {
                }

                @Override
                public void visitTerminal(TerminalNode node) {
                }

                @Override
                public void visitErrorNode(ErrorNode node) {
                }
            });
        }
        parser.addErrorListener(new BaseErrorListener() {
            @Override
            public void syntaxError(Recognizer<?, ?> recognizer, Object offending, int line, int col,
                                    String msg, RecognitionException e) {
                org.antlr.v4.runtime.Token t = offending instanceof org.antlr.v4.runtime.Token tok ? tok : null;
                if (t != null && t.getType() == NnetLexer.ERROR_CHAR) {
                    return; // reported once by the builder as E0002, with a better message
                }
                int start = t == null || t.getStartIndex() < 0 ? 0 : t.getStartIndex();
                int end = t == null ? start : t.getStopIndex() + 1;
                if (t != null && t.getType() == org.antlr.v4.runtime.Token.EOF) {
                    // Point just after the last real token, not at an empty line past the end of the file.
                    start = endOfLastToken(tokens, t.getTokenIndex());
                    end = start;
                }
                diags.report(Code.E0001, source.span(start, end), SyntaxMessages.humanize(msg),
                        r -> r.spanLabel(t == null || t.getType() == org.antlr.v4.runtime.Token.EOF
                                ? "the file ends here" : "unexpected here"));
            }
        });
        NnetParser.ProgramContext tree = parser.program();
        return new AstBuilder(source).program(tree);
    }

    /**
     * E0002 once per run of adjacent invalid characters, so a pasted blob of garbage is one error, not one per
     * character. An unterminated string is always its own error.
     */
    private static void reportInvalidCharacters(List<org.antlr.v4.runtime.Token> tokens, SourceFile source,
                                                Diagnostics diags) {
        int i = 0;
        while (i < tokens.size()) {
            org.antlr.v4.runtime.Token first = tokens.get(i);
            if (first.getType() != NnetLexer.ERROR_CHAR) {
                i++;
                continue;
            }
            boolean quote = first.getText().equals("\"");
            int end = i + 1;
            while (!quote && end < tokens.size() && tokens.get(end).getType() == NnetLexer.ERROR_CHAR
                    && !tokens.get(end).getText().equals("\"")
                    && tokens.get(end).getStartIndex() == tokens.get(end - 1).getStopIndex() + 1) {
                end++;
            }
            int from = first.getStartIndex();
            int to = tokens.get(end - 1).getStopIndex() + 1;
            String what = quote ? "unterminated string literal"
                    : end - i == 1 ? "invalid character `" + first.getText() + "`"
                    : (end - i) + " invalid characters `" + abbreviate(source.text().substring(from, to)) + "`";
            diags.report(Code.E0002, source.span(from, to), what,
                    r -> r.help(quote ? "close the string with `\"` on the same line"
                            : "remove " + (to - from == 1 ? "it" : "them")
                            + "; nnet source uses ASCII operators `+ - * / %`"));
            i = end;
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 16 ? text : text.substring(0, 16) + "…";
    }

    private static int endOfLastToken(CommonTokenStream tokens, int eofIndex) {
        for (int i = eofIndex - 1; i >= 0; i--) {
            org.antlr.v4.runtime.Token t = tokens.get(i);
            if (t.getChannel() == org.antlr.v4.runtime.Token.DEFAULT_CHANNEL) {
                return t.getStopIndex() + 1;
            }
        }
        return 0;
    }

    /** The token stream, hidden channel excluded, for {@code --emit=tokens}. */
    public static List<Token> tokens(SourceFile source) {
        NnetLexer lexer = new NnetLexer(CharStreams.fromString(source.text(), source.path()));
        lexer.removeErrorListeners();
        Vocabulary vocabulary = lexer.getVocabulary();
        List<Token> out = new ArrayList<>();
        for (org.antlr.v4.runtime.Token t : lexer.getAllTokens()) {
            if (t.getChannel() == org.antlr.v4.runtime.Token.HIDDEN_CHANNEL) {
                continue; // comments and whitespace
            }
            String kind = vocabulary.getSymbolicName(t.getType());
            if (kind == null) {
                kind = vocabulary.getLiteralName(t.getType());
            }
            out.add(new Token(kind, t.getText(), source.span(t.getStartIndex(), t.getStopIndex() + 1)));
        }
        return out;
    }
}
