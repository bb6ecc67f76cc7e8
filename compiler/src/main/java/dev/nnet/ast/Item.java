package dev.nnet.ast;

import dev.nnet.diag.Span;
import java.util.List;

/** A top-level declaration. */
public sealed interface Item {
    Ident name();

    Span span();

    /** {@code const HIDDEN = 100} */
    record Const(Ident name, Expr value, Span span) implements Item {
    }

    /** {@code block Residual(c: int) { ... }}: a reusable, parameterized piece of a model. */
    record Block(Ident name, List<Param> params, List<Member> members, Span span) implements Item {
        public Block {
            params = List.copyOf(params);
            members = List.copyOf(members);
        }
    }

    /** {@code model MnistCnn { ... }} */
    record Model(Ident name, List<Member> members, Span span) implements Item {
        public Model {
            members = List.copyOf(members);
        }
    }

    /** {@code train MnistCnn { ... }}; {@code name} is the model it trains. */
    record Train(Ident name, List<TrainStmt> stmts, Span span) implements Item {
        public Train {
            stmts = List.copyOf(stmts);
        }
    }

    /** A block parameter: {@code c: int} or {@code p: float = 0.5}. Type and default may be absent (null). */
    record Param(Ident name, Ident type, Expr defaultValue, Span span) {
    }
}
