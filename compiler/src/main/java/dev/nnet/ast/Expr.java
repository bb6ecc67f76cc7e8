package dev.nnet.ast;

import dev.nnet.diag.Span;
import java.util.List;

/** An expression: a tensor computation in a forward body, or a constant, dimension or setting elsewhere. */
public sealed interface Expr {
    Span span();

    /** Stands where the parser recovered from a syntax error; the error was already reported. */
    record Missing(Span span) implements Expr {
    }

    record Name(Ident name) implements Expr {
        @Override
        public Span span() {
            return name.span();
        }
    }

    record IntLit(long value, Span span) implements Expr {
    }

    /** {@code text} keeps the literal as written, for dumps that must not reformat numbers. */
    record FloatLit(double value, String text, Span span) implements Expr {
    }

    record StringLit(String value, Span span) implements Expr {
    }

    record BoolLit(boolean value, Span span) implements Expr {
    }

    /** {@code [a, b]}: a dimension list, an argument list, or a tensor literal when nested numbers. */
    record ListLit(List<Expr> elements, Span span) implements Expr {
        public ListLit {
            elements = List.copyOf(elements);
        }
    }

    record TupleLit(List<Expr> elements, Span span) implements Expr {
        public TupleLit {
            elements = List.copyOf(elements);
        }
    }

    /** {@code conv1(x)}, {@code relu(x)}, {@code linear(784, 10)}. */
    record Call(Ident callee, List<Arg> args, Span span) implements Expr {
        public Call {
            args = List.copyOf(args);
        }
    }

    /** {@code x.view(-1, 320)}: sugar for {@code view(x, -1, 320)}. */
    record MethodCall(Expr receiver, Ident method, List<Arg> args, Span span) implements Expr {
        public MethodCall {
            args = List.copyOf(args);
        }
    }

    /** {@code h[-1]}: selects along the first dimension. */
    record Index(Expr target, Expr index, Span span) implements Expr {
    }

    /**
     * {@code out[:, -1, :]}, {@code x[:, 2:5]}: one subscript per leading dimension, where an index removes its
     * dimension and a range keeps it. A single plain index is an {@link Index}.
     */
    record Slice(Expr target, List<Subscript> subscripts, Span span) implements Expr {
        public Slice {
            subscripts = List.copyOf(subscripts);
        }
    }

    /** One subscript: an index ({@code start} holds it, {@code range} false) or {@code start:stop}, either optional. */
    record Subscript(Expr start, Expr stop, boolean range, Span span) {
    }

    record Negate(Expr operand, Span span) implements Expr {
    }

    record Binary(BinOp op, Expr left, Expr right, Span span) implements Expr {
    }

    enum BinOp {
        ADD("+"), SUB("-"), MUL("*"), DIV("/"), MOD("%");

        private final String symbol;

        BinOp(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }
    }

    /** A call argument; name is null for a positional one. */
    record Arg(Ident name, Expr value, Span span) {
    }
}
