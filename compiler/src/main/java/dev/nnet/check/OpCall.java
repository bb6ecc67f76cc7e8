package dev.nnet.check;

import dev.nnet.diag.Code;
import dev.nnet.diag.Diagnostics;
import dev.nnet.diag.Report;
import dev.nnet.diag.Span;
import dev.nnet.ops.Blame;
import dev.nnet.ops.OpContext;
import dev.nnet.ops.Shapes;
import dev.nnet.types.Value;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The checker's side of {@link OpContext}: spans, origins and values of one application of one op. Every report
 * made through it labels an earlier statement that moved an input's batch dimension, since that statement, not
 * this one, is usually what the user got wrong.
 */
record OpCall(Diagnostics diags, String opName, String layerName, Span callSpan, Span nameSpan, Span declSpan,
              List<Span> inputSpans, List<String> origins, List<Value> inputs, boolean insideBlock) implements OpContext, Shapes.Named {
    @Override
    public Span inputSpan(int i) {
        return i < inputSpans.size() ? inputSpans.get(i) : callSpan;
    }

    @Override
    public String inputOrigin(int i) {
        return i < origins.size() && origins.get(i) != null ? origins.get(i) : "";
    }

    @Override
    public Value inputValue(int i) {
        return i < inputs.size() ? inputs.get(i) : Value.UNKNOWN;
    }

    @Override
    public void report(Code code, Span span, String message, UnaryOperator<Report> details) {
        diags.report(code, span, message, r -> {
            details.apply(r);
            java.util.Set<Span> labelled = new java.util.HashSet<>();
            for (Value v : inputs) {
                Blame.batchChange(v).filter(b -> labelled.add(b.step().span()))
                        .ifPresent(b -> r.label(b.step().span(), b.label()));
            }
            return r;
        });
    }
}
