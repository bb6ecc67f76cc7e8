package dev.nnet;

import dev.nnet.ast.Program;
import dev.nnet.check.Checker;
import dev.nnet.check.TypedProgram;
import dev.nnet.diag.Diagnostics;
import dev.nnet.diag.SourceFile;
import dev.nnet.resolve.Resolver;
import dev.nnet.resolve.Scope;
import dev.nnet.syntax.Parser;

/** The front end as a list of stages: parse, resolve names, check shapes. Never throws on user input. */
public final class Driver {
    private Driver() {
    }

    public static Compilation compile(SourceFile source) {
        Diagnostics diags = new Diagnostics();
        Program program = Parser.parse(source, diags);
        Scope scope = Resolver.resolve(program, diags);
        TypedProgram typed = Checker.check(program, scope, diags);
        return new Compilation(source, program, typed, diags.sorted());
    }
}
