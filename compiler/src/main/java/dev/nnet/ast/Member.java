package dev.nnet.ast;

import dev.nnet.diag.Span;
import java.util.List;

/** What a model or block body holds. */
public sealed interface Member {
    Span span();

    /** {@code input x: [N, 1, 28, 28]} or {@code input ids: int[N, T]}; elem is null when not written. */
    record Input(Ident name, Ident elem, List<Expr> dims, Span span) implements Member {
        public Input {
            dims = List.copyOf(dims);
        }
    }

    /** {@code conv1 = conv2d(1, 10, kernel=5)} */
    record Layer(Ident name, Expr value, Span span) implements Member {
    }

    /** {@code sequential { flatten  fc1 = linear(784, 10)  relu }}; entries run in order. */
    record Sequential(List<SeqEntry> entries, Span span) implements Member {
        public Sequential {
            entries = List.copyOf(entries);
        }
    }

    /** {@code forward(x) { ... }}; params is null when no parameter list was written. */
    record Forward(List<Ident> params, List<Stmt> body, Span span) implements Member {
        public Forward {
            params = params == null ? null : List.copyOf(params);
            body = List.copyOf(body);
        }
    }

    /** One step of a sequential body; name is null for an unnamed step. */
    record SeqEntry(Ident name, Expr value, Span span) {
    }
}
