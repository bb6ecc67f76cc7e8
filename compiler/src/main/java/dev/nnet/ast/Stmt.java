package dev.nnet.ast;

import dev.nnet.diag.Span;
import java.util.List;

/** A statement of a forward body. */
public sealed interface Stmt {
    Span span();

    /** {@code x = relu(x)} or {@code out, (h, c) = lstm(x)}; several targets destructure a tuple. */
    record Assign(List<Pattern> targets, Expr value, Span span) implements Stmt {
        public Assign {
            targets = List.copyOf(targets);
        }
    }

    /** {@code return y} or {@code return out, h}. */
    record Return(List<Expr> values, Span span) implements Stmt {
        public Return {
            values = List.copyOf(values);
        }
    }

    /** An assignment target. */
    sealed interface Pattern {
        Span span();
    }

    record NamePattern(Ident name) implements Pattern {
        @Override
        public Span span() {
            return name.span();
        }
    }

    record TuplePattern(List<Pattern> parts, Span span) implements Pattern {
        public TuplePattern {
            parts = List.copyOf(parts);
        }
    }
}
