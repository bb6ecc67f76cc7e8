package dev.nnet.check;

import dev.nnet.ast.Expr;
import dev.nnet.types.Value;

/** The inferred value of one expression in one component instance ({@code context} is its module path). */
public record Fact(String context, Expr expr, Value value) {
}
