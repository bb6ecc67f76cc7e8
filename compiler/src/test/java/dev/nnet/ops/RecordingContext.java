package dev.nnet.ops;

import dev.nnet.diag.Code;
import dev.nnet.diag.Diagnostic;
import dev.nnet.diag.Diagnostics;
import dev.nnet.diag.Report;
import dev.nnet.diag.Span;
import java.util.List;
import java.util.function.UnaryOperator;

/** An {@link OpContext} for unit tests: fixed spans, and every report kept for inspection. */
final class RecordingContext implements OpContext, Shapes.Named {
    static final Span CALL = new Span(0, 10, 1, 1, 1, 11);
    static final Span DECL = new Span(100, 120, 5, 1, 5, 21);

    private final String opName;
    private final String layerName;
    private final Diagnostics diagnostics = new Diagnostics();

    RecordingContext(String opName, String layerName) {
        this.opName = opName;
        this.layerName = layerName;
    }

    static Span inputSpanAt(int i) {
        return new Span(20 + 10 * i, 25 + 10 * i, 1, 21 + 10 * i, 1, 26 + 10 * i);
    }

    @Override
    public Span callSpan() {
        return CALL;
    }

    @Override
    public Span inputSpan(int i) {
        return inputSpanAt(i);
    }

    @Override
    public String layerName() {
        return layerName;
    }

    @Override
    public Span declSpan() {
        return DECL;
    }

    @Override
    public String inputOrigin(int i) {
        return "";
    }

    @Override
    public void report(Code code, Span span, String message, UnaryOperator<Report> details) {
        diagnostics.report(code, span, message, details);
    }

    @Override
    public String opName() {
        return opName;
    }

    List<Diagnostic> diagnostics() {
        return diagnostics.sorted();
    }

    List<String> codes() {
        return diagnostics().stream().map(Diagnostic::code).toList();
    }
}
