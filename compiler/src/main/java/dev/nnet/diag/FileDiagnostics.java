package dev.nnet.diag;

import java.util.List;

/** The diagnostics of one source file, the unit the JSON and SARIF renderers work on. */
public record FileDiagnostics(SourceFile source, List<Diagnostic> diagnostics) {
    public FileDiagnostics {
        diagnostics = List.copyOf(diagnostics);
    }
}
