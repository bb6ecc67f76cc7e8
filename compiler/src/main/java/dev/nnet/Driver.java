package dev.nnet;

import dev.nnet.ast.Program;
import dev.nnet.check.Checker;
import dev.nnet.check.TypedProgram;
import dev.nnet.diag.Code;
import dev.nnet.diag.Diagnostics;
import dev.nnet.diag.SourceFile;
import dev.nnet.resolve.Resolver;
import dev.nnet.resolve.Scope;
import dev.nnet.syntax.Parser;
import java.util.List;

/** The front end as a list of stages: parse, resolve names, check shapes. Never throws on user input. */
public final class Driver {
    private Driver() {
    }

    public static Compilation compile(SourceFile source) {
        return compile(source, Cancellation.NONE);
    }

    /** As {@link #compile(SourceFile)}, stopping with {@link Cancellation.Cancelled} when {@code cancel} says so. */
    public static Compilation compile(SourceFile source, Cancellation cancel) {
        Diagnostics diags = new Diagnostics();
        try {
            Program program = Parser.parse(source, diags, cancel);
            cancel.checkpoint();
            Scope scope = Resolver.resolve(program, diags);
            cancel.checkpoint();
            TypedProgram typed = Checker.check(program, scope, diags, cancel);
            return new Compilation(source, program, typed, diags.sorted());
        } catch (ArithmeticException e) {
            // Sizes are computed exactly (Dim); the checker reports overflow where it knows the expression, and a
            // size that overflows anywhere else still gets a diagnostic rather than an internal error.
            diags.report(Code.E0219, source.span(0, 0), "a size or count in this program overflows 64 bits",
                    r -> r.help("look for very large dimensions, batch sizes or layer arguments"));
            return new Compilation(source, new Program(source, List.of()), new TypedProgram(List.of(), List.of()),
                    diags.sorted());
        } catch (StackOverflowError e) {
            // Every stage recurses over the tree; absurd nesting is the user's to simplify, not a crash.
            diags.report(Code.E0004, source.span(0, 0), "the program is nested too deeply to compile",
                    r -> r.help("split deeply nested expressions into several statements"));
            return new Compilation(source, new Program(source, List.of()), new TypedProgram(List.of(), List.of()),
                    diags.sorted());
        }
    }
}
