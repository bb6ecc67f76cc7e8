package dev.nnet.resolve;

import dev.nnet.ast.Program;
import dev.nnet.diag.Diagnostics;

public final class Resolver {
    private Resolver() {
    }

    public static Scope resolve(Program program, Diagnostics diags) {
        return new Scope();
    }
}
