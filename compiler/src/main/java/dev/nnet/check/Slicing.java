package dev.nnet.check;

import dev.nnet.ast.Expr;
import dev.nnet.diag.Code;
import dev.nnet.diag.Span;
import dev.nnet.types.Args;
import dev.nnet.types.Dim;
import dev.nnet.types.Provenance;
import dev.nnet.types.TensorType;
import dev.nnet.types.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The shape rule of {@code x[:, 2:5]} and {@code out[:, -1, :]}: subscripts apply to the leading dimensions in
 * order; an index removes its dimension, a range {@code start:stop} keeps it with {@code stop - start} elements.
 * Bounds are constant integers and count from the end when negative; on a constant size they are clamped as in
 * Python, on a symbolic one ({@code T}) a negative bound means {@code T - k}. An empty selection is an error
 * (E0212), since a network has no use for a dimension of size 0.
 */
final class Slicing {
    private Slicing() {
    }

    static Value slice(CheckContext cx, Env env, Expr.Slice e, Value target) {
        List<Optional<Long>> starts = new ArrayList<>();
        List<Optional<Long>> stops = new ArrayList<>();
        boolean ok = true;
        for (Expr.Subscript sub : e.subscripts()) {
            Optional<Optional<Long>> start = bound(cx, env, sub.start());
            Optional<Optional<Long>> stop = bound(cx, env, sub.stop());
            ok &= start.isPresent() && stop.isPresent();
            starts.add(start.orElse(Optional.empty()));
            stops.add(stop.orElse(Optional.empty()));
        }
        if (!ok || target instanceof Value.Unknown) {
            return Value.UNKNOWN;
        }
        if (!(target instanceof Value.Tensor t)) {
            cx.diags.report(Code.E0106, e.target().span(), "only tensors can be sliced, found "
                    + Value.describe(target), r -> r.help(target instanceof Value.Seq
                    ? "pick a tuple's element with one integer index, e.g. `state[0]`" : "slice a tensor"));
            return Value.UNKNOWN;
        }
        TensorType type = t.type();
        List<Expr.Subscript> subs = e.subscripts();
        if (subs.size() > type.rank()) {
            Span extra = subs.get(type.rank()).span();
            cx.diags.report(Code.E0211, extra, subs.size() + " subscripts for rank-" + type.rank() + " tensor " + type,
                    r -> r.spanLabel("no dimension " + type.rank()).label(e.target().span(),
                            "has shape " + type.shapeText()));
            return Value.UNKNOWN;
        }
        List<Dim> out = new ArrayList<>();
        List<Trace.Cut> cuts = new ArrayList<>();
        for (int i = 0; i < subs.size(); i++) {
            Expr.Subscript sub = subs.get(i);
            Dim size = type.dim(i);
            int axis = i;
            if (!sub.range()) {
                long k = starts.get(i).orElse(0L);
                if (size.isConstant() && (k < -size.constantTerm() || k >= size.constantTerm())) {
                    long n = size.constantTerm();
                    cx.diags.report(Code.E0212, sub.span(), "index " + k + " is out of range for dimension " + axis
                                    + " of " + type + " (size " + n + ")",
                            r -> r.spanLabel("valid: " + (-n) + " to " + (n - 1))
                                    .label(e.target().span(), "has shape " + type.shapeText()));
                    return Value.UNKNOWN;
                }
                cuts.add(new Trace.Cut(i, k < 0 ? size.plus(k) : Dim.of(k), Dim.of(1), false));
                continue;
            }
            Dim from = position(starts.get(i), size, 0);
            Dim to = position(stops.get(i), size, Long.MAX_VALUE);
            Dim length = to.minus(from);
            if (length.isConstant() && length.constantTerm() <= 0) {
                cx.diags.report(Code.E0212, sub.span(), "the range selects no elements of dimension " + axis
                                + " of " + type + " (size " + size + ")",
                        r -> r.spanLabel("from " + from + " up to " + to)
                                .label(e.target().span(), "has shape " + type.shapeText())
                                .note("a range start:stop keeps the elements start, start + 1, ..., stop - 1"));
                return Value.UNKNOWN;
            }
            out.add(length);
            if (!(from.equals(Dim.of(0)) && length.equals(size))) {
                cuts.add(new Trace.Cut(i, from, length, true));
            }
        }
        out.addAll(type.dims().subList(subs.size(), type.rank()));
        Value.Tensor result = new Value.Tensor(type.withDims(out), "slice");
        // The input dimensions the result keeps, in order, for the strides PyTorch would give it (ops/shape/Strides).
        List<Value> kept = new ArrayList<>();
        for (int i = 0; i < type.rank(); i++) {
            if (i >= subs.size() || subs.get(i).range()) {
                kept.add(Value.Int.of(i));
            }
        }
        Args args = new Args(e.span());
        args.put("kept", new Value.Seq(kept, true), e.span());
        Value withOrigin = result.withOrigin(new Provenance("slice", "slice", e.span(), e.span(), args,
                List.of(target)));
        cx.record(new Trace.Slice(target, withOrigin, cuts, e.span()));
        return withOrigin;
    }

    /**
     * A range bound as a position in {@code [0, size]}: {@code fallback} when absent (0 or the end), Python's
     * clamping on a constant size, {@code size - k} for a negative bound on a symbolic size.
     */
    private static Dim position(Optional<Long> bound, Dim size, long fallback) {
        if (bound.isEmpty()) {
            return fallback == 0 ? Dim.of(0) : size;
        }
        long k = bound.get();
        if (size.isConstant()) {
            long n = size.constantTerm();
            long p = k < 0 ? n + k : k;
            return Dim.of(Math.max(0, Math.min(n, p)));
        }
        return k < 0 ? size.plus(k) : Dim.of(k);
    }

    /** A bound as a constant integer: empty inside when absent, empty outside after reporting E0117. */
    private static Optional<Optional<Long>> bound(CheckContext cx, Env env, Expr e) {
        if (e == null) {
            return Optional.of(Optional.empty());
        }
        Value v = cx.consts.eval(e, env, false);
        if (v instanceof Value.Unknown) {
            return Optional.empty();
        }
        if (!(v instanceof Value.Int i) || !i.value().isConstant()) {
            cx.diags.report(Code.E0117, e.span(), "a subscript must be a constant integer, found "
                    + Value.describe(v));
            return Optional.empty();
        }
        return Optional.of(Optional.of(i.value().constantTerm()));
    }
}
