package dev.nnet.check;

import dev.nnet.ast.Program;
import dev.nnet.diag.Diagnostics;
import dev.nnet.resolve.Scope;

public final class Checker {
    private Checker() {
    }

    public static TypedProgram check(Program program, Scope scope, Diagnostics diags) {
        return new TypedProgram();
    }
}
