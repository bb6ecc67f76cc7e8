package dev.nnet.check;

import dev.nnet.diag.Code;
import dev.nnet.diag.Diagnostics;
import dev.nnet.diag.Report;
import dev.nnet.diag.Span;
import dev.nnet.ops.OpContext;
import dev.nnet.ops.Shapes;
import java.util.List;
import java.util.function.UnaryOperator;

/** The checker's side of {@link OpContext}: spans and origins of one application of one op. */
record OpCall(Diagnostics diags, String opName, String layerName, Span callSpan, Span declSpan,
              List<Span> inputSpans, List<String> origins) implements OpContext, Shapes.Named {
    @Override
    public Span inputSpan(int i) {
        return i < inputSpans.size() ? inputSpans.get(i) : callSpan;
    }

    @Override
    public String inputOrigin(int i) {
        return i < origins.size() && origins.get(i) != null ? origins.get(i) : "";
    }

    @Override
    public void report(Code code, Span span, String message, UnaryOperator<Report> details) {
        diags.report(code, span, message, details);
    }
}
