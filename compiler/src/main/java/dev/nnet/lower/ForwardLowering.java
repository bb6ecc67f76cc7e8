package dev.nnet.lower;

import dev.nnet.check.Trace;
import dev.nnet.check.TypedModel;
import dev.nnet.diag.SourceFile;
import dev.nnet.diag.Span;
import dev.nnet.ir.GraphBuilder;
import dev.nnet.ir.IrException;
import dev.nnet.ir.op.IrOp;
import dev.nnet.ir.Node;
import dev.nnet.ir.op.Input;
import dev.nnet.ir.op.PExpr;
import dev.nnet.ir.op.Pointwise;
import dev.nnet.ops.ScanCell;
import dev.nnet.types.Dim;
import dev.nnet.types.TensorType;
import dev.nnet.types.Value;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lowers a model's forward pass to IR by replaying the checker's {@link Trace}: each recorded application becomes
 * one or a few IR nodes, with the shapes the checker inferred. Parameters become nodes at their first use.
 */
public final class ForwardLowering {
    private final TypedModel model;
    private final SourceFile file;
    private final GraphBuilder b;
    private final boolean training;
    private final Map<Value, Node> values = new IdentityHashMap<>();
    private final Params params;
    /** Symbols besides the batch with the value the model is compiled for. */
    private final Map<String, Dim> sizes;

    ForwardLowering(TypedModel model, SourceFile file, GraphBuilder b, boolean training, Map<String, Dim> sizes) {
        this.sizes = sizes;
        this.model = model;
        this.file = file;
        this.b = b;
        this.training = training;
        this.params = new Params(b);
    }

    /** Adds the forward pass to {@code b} and returns the model's output node. */
    public static Node lower(TypedModel model, SourceFile file, GraphBuilder b, boolean training,
                             Map<String, Dim> sizes) {
        return new ForwardLowering(model, file, b, training, sizes).run();
    }

    private Node run() {
        List<String> names = new ArrayList<>(model.inputs().keySet());
        List<Value> inputs = model.trace().inputs();
        for (int i = 0; i < inputs.size() && i < names.size(); i++) {
            TensorType t = sized(model.inputs().get(names.get(i)));
            values.put(inputs.get(i), b.add(new Input(names.get(i), t), "", names.get(i)));
        }
        for (Trace.Step step : model.trace().steps()) {
            try {
                step(step);
            } catch (IrException e) {
                throw new LoweringException(step.span(), e.getMessage());
            }
        }
        if (!(model.output() instanceof Value.Tensor)) {
            throw new LoweringException(model.component().item().span(), "model `" + model.name()
                    + "` must return one tensor to be compiled, found " + Value.describe(model.output()));
        }
        return node(model.output(), model.component().item().span());
    }

    private void step(Trace.Step step) {
        String origin = origin(step.span());
        if (step instanceof Trace.Apply a) {
            ApplyContext cx = new ApplyContext(this, a, origin);
            Node out = a.op().lower(cx);
            if (!cx.tupleBound()) {
                values.put(a.output(), out);
            }
        } else if (step instanceof Trace.Arithmetic a) {
            values.put(a.output(), arithmetic(a, origin));
        } else if (step instanceof Trace.Slice sl) {
            values.put(sl.output(), slice(sl, origin));
        } else if (step instanceof Trace.Scan sc) {
            scan(sc, origin);
        } else if (step instanceof Trace.Negate n) {
            values.put(n.output(), add(Pointwise.of(PExpr.Fn1.NEG), origin, "neg", node(n.input(), n.span())));
        }
    }

    private Node arithmetic(Trace.Arithmetic a, String origin) {
        PExpr.Fn2 fn;
        switch (a.op()) {
            case ADD:
                fn = PExpr.Fn2.ADD;
                break;
            case SUB:
                fn = PExpr.Fn2.SUB;
                break;
            case MUL:
                fn = PExpr.Fn2.MUL;
                break;
            case DIV:
                fn = PExpr.Fn2.DIV;
                break;
            default:
                throw new LoweringException(a.span(), "`%` on tensors is not supported by the code generator yet");
        }
        String label = fn.name().toLowerCase(java.util.Locale.ROOT);
        if (a.left() instanceof Value.Tensor && a.right() instanceof Value.Tensor) {
            return add(Pointwise.of(fn), origin, label, node(a.left(), a.span()), node(a.right(), a.span()));
        }
        boolean constantFirst = !(a.left() instanceof Value.Tensor);
        Value scalar = constantFirst ? a.left() : a.right();
        Value tensor = constantFirst ? a.right() : a.left();
        return add(Pointwise.withConstant(fn, (float) number(scalar, a.span()), constantFirst), origin, label,
                node(tensor, a.span()));
    }

    /** A scan over a cell that lowers whole loops ({@link ScanCell}); its two results bound to (hs, h). */
    private void scan(Trace.Scan sc, String origin) {
        if (sc.body().size() != 1 || !(sc.body().get(0) instanceof Trace.Apply a)
                || !(a.op() instanceof ScanCell cell)) {
            throw new LoweringException(sc.span(), "`scan` compiles over one `rnn_cell` layer only yet; for other "
                    + "cells use `rnn`, `gru` or `lstm`, which take the whole sequence");
        }
        List<Node> out = cell.lowerScan(new ApplyContext(this, a, origin), node(sc.xs(), sc.span()),
                node(sc.h0(), sc.span()));
        List<Value> items = ((Value.Seq) sc.output()).items();
        values.put(items.get(0), out.get(0));
        values.put(items.get(1), out.get(1));
    }

    /** One IR slice per cut axis, then a reshape that drops the axes an index removed. */
    private Node slice(Trace.Slice sl, String origin) {
        Node n = node(sl.input(), sl.span());
        for (Trace.Cut cut : sl.cuts()) {
            n = add(new dev.nnet.ir.op.Slice(cut.axis(), cut.start().substitute(sizes),
                    cut.length().substitute(sizes)), origin, "slice", n);
        }
        TensorType out = sized(((Value.Tensor) sl.output()).type());
        return n.type().equals(out) ? n : add(new dev.nnet.ir.op.Reshape(out), origin, "slice", n);
    }

    /** A checked type with the compiled-for sizes put in. */
    TensorType sized(TensorType t) {
        return sizes.isEmpty() ? t : t.withDims(t.dims().stream().map(d -> d.substitute(sizes)).toList());
    }

    static double number(Value v, Span span) {
        if (v instanceof Value.Float f) {
            return f.value();
        }
        if (v instanceof Value.Int i && i.value().isConstant()) {
            return i.value().constantTerm();
        }
        throw new LoweringException(span, "expected a number, found " + Value.describe(v));
    }

    Node node(Value v, Span span) {
        Node n = values.get(v);
        if (n == null) {
            throw new LoweringException(span, "this value is computed by a construct the code generator does not "
                    + "support yet (recurrent layers, indexing, slicing and `scan` are checked but not compiled)");
        }
        return n;
    }

    void bind(Value v, Node n) {
        values.put(v, n);
    }

    Node add(IrOp op, String origin, String label, Node... inputs) {
        return b.add(op, origin, label, inputs);
    }

    boolean training() {
        return training;
    }

    Params params() {
        return params;
    }

    /** {@code file.nnet:14}, shown in dumps and in comments of the generated code. */
    String origin(Span span) {
        return origin(file, span);
    }

    static String origin(SourceFile file, Span span) {
        return file.path().replaceAll(".*[/\\\\]", "") + ":" + span.line();
    }
}
