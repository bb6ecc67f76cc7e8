package dev.nnet.check;

import dev.nnet.ast.Expr;
import dev.nnet.diag.Code;
import dev.nnet.ops.Blame;
import dev.nnet.types.Args;
import dev.nnet.types.Dim;
import dev.nnet.types.ElemType;
import dev.nnet.types.Provenance;
import dev.nnet.types.TensorType;
import dev.nnet.types.Value;
import java.util.List;
import java.util.Optional;

/** Rules for the forward-body operators that are not calls: {@code h[-1]} and element-wise {@code + - * /}. */
final class Indexing {
    private Indexing() {
    }

    /** Selects along the first dimension of a tensor, or an element of a tuple; negative counts from the end. */
    static Value index(CheckContext cx, Env env, Expr.Index e, Value target) {
        Value idx = cx.consts.eval(e.index(), env, false);
        if (target instanceof Value.Unknown || idx instanceof Value.Unknown) {
            return Value.UNKNOWN;
        }
        if (!(idx instanceof Value.Int i) || !i.value().isConstant()) {
            cx.diags.report(Code.E0117, e.index().span(), "an index must be a constant integer, found "
                    + Value.describe(idx));
            return Value.UNKNOWN;
        }
        long k = i.value().constantTerm();
        if (target instanceof Value.Seq s) {
            int n = s.items().size();
            if (k < -n || k >= n) {
                cx.diags.report(Code.E0212, e.index().span(), "index " + k + " is out of range for a tuple of " + n,
                        r -> r.spanLabel("valid: " + (-n) + " to " + (n - 1)));
                return Value.UNKNOWN;
            }
            return s.items().get((int) (k < 0 ? n + k : k));
        }
        if (!(target instanceof Value.Tensor t)) {
            cx.diags.report(Code.E0106, e.target().span(), "only tensors and tuples can be indexed, found "
                    + Value.describe(target));
            return Value.UNKNOWN;
        }
        TensorType type = t.type();
        if (type.rank() == 0) {
            cx.diags.report(Code.E0210, e.span(), "cannot index a scalar tensor");
            return Value.UNKNOWN;
        }
        Dim first = type.dim(0);
        if (first.isConstant()) {
            long n = first.constantTerm();
            if (k < -n || k >= n) {
                cx.diags.report(Code.E0212, e.index().span(), "index " + k + " is out of range for dimension 0 of "
                        + type + " (size " + n + ")", r -> r.spanLabel("valid: " + (-n) + " to " + (n - 1))
                        .label(e.target().span(), "has shape " + type.shapeText()));
                return Value.UNKNOWN;
            }
        }
        Value out = new Value.Tensor(type.withDims(type.dims().subList(1, type.rank())));
        // Compiled as the slice x[k]: one element of dimension 0, which the index then removes.
        cx.record(new Trace.Slice(target, out, List.of(new Trace.Cut(0, k < 0 ? first.plus(k) : Dim.of(k), Dim.of(1),
                false)), e.span()));
        return out;
    }

    /** {@code a + b} etc.: tensors broadcast with tensors; a number applies to every element. */
    static Value arithmetic(CheckContext cx, Expr.Binary b, Value l, Value r) {
        if (l instanceof Value.Unknown || r instanceof Value.Unknown) {
            return Value.UNKNOWN;
        }
        if (!(l instanceof Value.Tensor) || !(r instanceof Value.Tensor)) {
            boolean leftScalar = !(l instanceof Value.Tensor);
            Value out = stamp(leftScalar ? scalarWith(cx, b, b.left(), l, (Value.Tensor) r)
                    : scalarWith(cx, b, b.right(), r, (Value.Tensor) l), b, l, r);
            if (!(out instanceof Value.Unknown)) {
                cx.record(new Trace.Arithmetic(b.op(), l, r, out, b.span()));
            }
            return out;
        }
        TensorType a = ((Value.Tensor) l).type();
        TensorType c = ((Value.Tensor) r).type();
        int[] bad = {0};
        Optional<List<Dim>> dims = Broadcast.shape(a, c, bad);
        if (dims.isEmpty()) {
            int rank = Math.max(a.rank(), c.rank());
            Dim da = a.dims().get(a.rank() - rank + bad[0]);
            Dim dc = c.dims().get(c.rank() - rank + bad[0]);
            cx.diags.report(Code.E0205, b.span(), "cannot " + verb(b.op()) + " " + a.shapeText() + " and "
                    + c.shapeText() + ": sizes " + da + " and " + dc + " differ and neither is 1", rep -> {
                        rep.label(b.left().span(), "has shape " + a.shapeText())
                                .label(b.right().span(), "has shape " + c.shapeText());
                        if (!da.isConstant() || !dc.isConstant()) {
                            rep.note("the sizes depend on symbols; they are equal only if " + da + " = " + dc
                                    + ", which nnet cannot assume");
                        }
                        Optional<Blame.BatchChange> moved = Optional.empty();
                        for (Value operand : List.of(l, r)) {
                            Optional<Blame.BatchChange> m = Blame.batchChange(operand);
                            m.ifPresent(b2 -> rep.label(b2.step().span(), b2.label()));
                            moved = moved.or(() -> m);
                        }
                        if (moved.isPresent()) {
                            return rep.help("keep the batch on line " + moved.get().step().span().line()
                                    + "; one operand has a row per sample, the other does not");
                        }
                        return rep.help("make the shapes equal (e.g. with a 1×1 `conv2d` or `linear`) or insert "
                                + "a size-1 axis with `unsqueeze`");
                    });
            return Value.UNKNOWN;
        }
        ElemType elem = a.elem() == ElemType.FLOAT || c.elem() == ElemType.FLOAT ? ElemType.FLOAT : ElemType.INT;
        Value out = stamp(new Value.Tensor(new TensorType(elem, dims.get()),
                b.op().name().toLowerCase(java.util.Locale.ROOT)), b, l, r);
        cx.record(new Trace.Arithmetic(b.op(), l, r, out, b.span()));
        return out;
    }

    /** Records that {@code b} made {@code out}, so a later error can blame it (e.g. ids made float here). */
    private static Value stamp(Value out, Expr.Binary b, Value l, Value r) {
        if (!(out instanceof Value.Tensor t)) {
            return out;
        }
        // The tensor operand goes first: a history is followed through the first input.
        List<Value> inputs = l instanceof Value.Tensor ? List.of(l, r) : List.of(r, l);
        String op = b.op().name().toLowerCase(java.util.Locale.ROOT);
        return t.withOrigin(new Provenance(op, b.op().symbol(), b.span(), b.span(), new Args(b.span()), inputs));
    }

    private static Value scalarWith(CheckContext cx, Expr.Binary b, Expr scalarExpr, Value scalar, Value.Tensor t) {
        if (ConstEval.number(scalar) == null) {
            cx.diags.report(Code.E0106, scalarExpr.span(), "cannot " + verb(b.op()) + " a tensor and "
                    + Value.describe(scalar), r -> r.spanLabel("not a tensor or a number"));
            return Value.UNKNOWN;
        }
        boolean floatScalar = scalar instanceof Value.Float;
        ElemType elem = floatScalar || t.type().elem() == ElemType.FLOAT ? ElemType.FLOAT : ElemType.INT;
        return new Value.Tensor(new TensorType(elem, t.type().dims()), t.producer());
    }

    private static String verb(Expr.BinOp op) {
        switch (op) {
            case ADD:
                return "add";
            case SUB:
                return "subtract";
            case MUL:
                return "multiply";
            case DIV:
                return "divide";
            default:
                return "take the remainder of";
        }
    }
}
