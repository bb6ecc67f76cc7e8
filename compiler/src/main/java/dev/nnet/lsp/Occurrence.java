package dev.nnet.lsp;

import dev.nnet.ast.Expr;
import dev.nnet.diag.Span;
import java.util.List;

/**
 * One name written in the file and what it denotes.
 *
 * @param declaration whether this is where the name is declared or (re)bound, rather than used
 * @param value       the expression whose inferred value describes it: the name itself for a use, the call for a
 *                    callee, the right-hand side for an assignment target; null when there is none
 * @param part        for a target inside a tuple pattern, the index path into the right-hand side's tuple
 */
record Occurrence(Span span, Target target, boolean declaration, Expr value, List<Integer> part) {
    Occurrence {
        part = List.copyOf(part);
    }

    Occurrence(Span span, Target target, boolean declaration, Expr value) {
        this(span, target, declaration, value, List.of());
    }

    /** The declaration it denotes, or null for a built-in or a keyword. */
    Decl decl() {
        return target instanceof Target.Declared d ? d.decl() : null;
    }
}
