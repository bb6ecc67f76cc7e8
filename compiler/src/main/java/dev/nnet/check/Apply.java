package dev.nnet.check;

import dev.nnet.ast.Stmt;
import dev.nnet.diag.Code;
import dev.nnet.diag.Span;
import dev.nnet.ops.Op;
import dev.nnet.types.Args;
import dev.nnet.types.Dim;
import dev.nnet.types.Provenance;
import dev.nnet.types.TensorType;
import dev.nnet.types.Value;
import java.util.ArrayList;
import java.util.List;

/** Applies ops and layers to checked inputs, recording a summary row per layer application. */
final class Apply {
    private Apply() {
    }

    /** Runs an op's shape rule. {@code layer} is null for a direct call like {@code relu(x)}. */
    static Value op(CheckContext cx, Op op, Args args, LayerInstance layer, List<Value> inputs, Span callSpan,
                    List<Span> inputSpans, List<String> origins) {
        return op(cx, op, args, layer, inputs, callSpan, callSpan, inputSpans, origins);
    }

    /** As above, where {@code nameSpan} is the op's name as written ({@code view} of {@code x.view(N, -1)}). */
    static Value op(CheckContext cx, Op op, Args args, LayerInstance layer, List<Value> inputs, Span callSpan,
                    Span nameSpan, List<Span> inputSpans, List<String> origins) {
        // A poisoned input or argument (already reported) poisons the result instead of cascading.
        if (inputs.stream().anyMatch(v -> v instanceof Value.Unknown)
                || args.asMap().values().stream().anyMatch(v -> v instanceof Value.Unknown)) {
            return Value.UNKNOWN;
        }
        String name = layer == null ? op.name() : layer.label();
        Span decl = layer == null ? callSpan : layer.declSpan();
        OpCall ctx = new OpCall(cx.diags, op.name(), name, callSpan, nameSpan, decl, inputSpans, origins, inputs,
                layer != null && layer.path().contains("."));
        Value out;
        try {
            out = withOrigin(op.apply(ctx, args, inputs), new Provenance(op.name(), name, callSpan, decl, args,
                    inputs));
        } catch (ArithmeticException overflow) {
            cx.diags.report(Code.E0219, callSpan, "the output size of `" + name + "` overflows 64 bits",
                    r -> r.note("input " + String.join(", ", inputs.stream().map(Value::describe).toList()))
                            .help("check the layer's sizes; every dimension and count must fit in 64 bits"));
            return Value.UNKNOWN;
        }
        if (!(out instanceof Value.Unknown)) {
            cx.record(new Trace.Apply(op, args, layer == null ? null : layer.path(), inputs, out, callSpan));
        }
        return out;
    }

    /** Stamps every tensor of an op's result with the application that made it. */
    private static Value withOrigin(Value v, Provenance p) {
        if (v instanceof Value.Tensor t) {
            return t.withOrigin(p);
        }
        if (v instanceof Value.Seq s) {
            return new Value.Seq(s.items().stream().map(x -> withOrigin(x, p)).toList(), s.tuple());
        }
        return v;
    }

    /** Applies a declared layer: a built-in, or a block whose forward is checked with these inputs. */
    static Value layer(CheckContext cx, LayerInstance layer, List<Value> inputs, Span callSpan,
                       List<Span> inputSpans, List<String> origins, int depth) {
        boolean repeated = layer.applications() > 0;
        layer.applied();
        int rowIndex = cx.rows.size();
        cx.rows.add(new SummaryRow(layer, depth, Value.UNKNOWN, Dim.of(0), repeated));
        Value out;
        Dim macs = Dim.of(0);
        if (layer.op() != null) {
            int expected = layer.op().inputs().size();
            if (!arity(cx, layer.name(), expected, layer.op().optionalInputs(), inputs.size(), callSpan)) {
                return Value.UNKNOWN;
            }
            out = op(cx, layer.op(), layer.args(), layer, inputs, callSpan, inputSpans, origins);
            try {
                macs = macs(layer, inputs, out);
            } catch (ArithmeticException overflow) {
                macs = Dim.of(Long.MAX_VALUE); // summary shows it as is; the parameters' size is reported
            }
        } else {
            out = block(cx, layer, inputs, callSpan, depth);
        }
        cx.rows.set(rowIndex, new SummaryRow(layer, depth, out, macs, repeated));
        return out;
    }

    private static Value block(CheckContext cx, LayerInstance layer, List<Value> inputs, Span callSpan, int depth) {
        Instance inst = layer.block();
        var forward = inst.component().forward();
        int expected = forward != null && forward.params() != null ? forward.params().size() : 1;
        if (!arity(cx, layer.name(), expected, 0, inputs.size(), callSpan)) {
            return Value.UNKNOWN;
        }
        if (inputs.stream().anyMatch(v -> v instanceof Value.Unknown) || depth >= CheckContext.MAX_DEPTH) {
            return Value.UNKNOWN;
        }
        List<String> shapes = inputs.stream().map(Value::describe).toList();
        String where = "in `" + layer.name() + "` = " + inst.signatureText() + ", used here with input "
                + String.join(", ", shapes);
        Value[] out = {Value.UNKNOWN};
        cx.diags.within(r -> r.label(callSpan, where), () -> out[0] = new Forward(cx, inst, depth + 1).run(inputs));
        return out[0];
    }

    static boolean arity(CheckContext cx, String name, int expected, int optional, int found, Span callSpan) {
        if (found <= expected && found >= expected - optional) {
            return true;
        }
        String want = optional == 0 ? Integer.toString(expected) : (expected - optional) + " to " + expected;
        cx.diags.report(Code.E0105, callSpan, "`" + name + "` takes " + want + " input" + (expected == 1 ? "" : "s")
                + ", found " + found);
        return false;
    }

    private static Dim macs(LayerInstance layer, List<Value> inputs, Value out) {
        if (!(out instanceof Value.Tensor || out instanceof Value.Seq) || !layer.parametersKnown()) {
            return Dim.of(0);
        }
        List<TensorType> in = new ArrayList<>();
        for (Value v : inputs) {
            if (v instanceof Value.Tensor t) {
                in.add(t.type());
            } else {
                return Dim.of(0);
            }
        }
        TensorType first = firstTensor(out);
        return first == null ? Dim.of(0) : layer.op().macs(layer.args(), in, first);
    }

    static TensorType firstTensor(Value v) {
        if (v instanceof Value.Tensor t) {
            return t.type();
        }
        if (v instanceof Value.Seq s && !s.items().isEmpty()) {
            return firstTensor(s.items().get(0));
        }
        return null;
    }

    /** Binds a destructuring pattern; reports E0116 when the tuple has another arity. */
    static void bindPattern(CheckContext cx, Stmt.Pattern p, Value v, java.util.Map<String, Value> vars) {
        if (p instanceof Stmt.NamePattern n) {
            vars.put(n.name().name(), v);
            return;
        }
        Stmt.TuplePattern t = (Stmt.TuplePattern) p;
        if (v instanceof Value.Unknown) {
            t.parts().forEach(part -> bindPattern(cx, part, Value.UNKNOWN, vars));
            return;
        }
        if (!(v instanceof Value.Seq s) || s.items().size() != t.parts().size()) {
            int n = v instanceof Value.Seq s2 ? s2.items().size() : 1;
            cx.diags.report(Code.E0116, t.span(), "cannot unpack " + n + " value" + (n == 1 ? "" : "s") + " into "
                    + t.parts().size() + " names", r -> r.spanLabel("the value is " + Value.describe(v)));
            t.parts().forEach(part -> bindPattern(cx, part, Value.UNKNOWN, vars));
            return;
        }
        for (int i = 0; i < t.parts().size(); i++) {
            bindPattern(cx, t.parts().get(i), s.items().get(i), vars);
        }
    }
}
