package dev.nnet;

import dev.nnet.ast.Program;
import dev.nnet.check.TypedProgram;
import dev.nnet.diag.Diagnostic;
import dev.nnet.diag.SourceFile;
import java.util.List;

/** Everything the front end learned about one file: the AST, the inferred types, and every diagnostic. */
public record Compilation(SourceFile source, Program program, TypedProgram typed, List<Diagnostic> diagnostics) {
    public Compilation {
        diagnostics = List.copyOf(diagnostics);
    }

    public boolean hasErrors() {
        return diagnostics.stream().anyMatch(Diagnostic::isError);
    }
}
