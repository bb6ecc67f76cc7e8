package dev.nnet.check;

import dev.nnet.ast.Expr;
import dev.nnet.diag.Code;
import dev.nnet.types.Dim;
import dev.nnet.types.TensorType;
import dev.nnet.types.Value;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code scan(cell, xs, h0)}: steps a recurrent cell over the first dimension of {@code xs}, like the seeds'
 * hand-written loop. Returns {@code (hs, h_last)} with {@code hs} stacking every step's hidden state.
 */
final class Scan {
    private Scan() {
    }

    static Value apply(CheckContext cx, Instance inst, Expr.Call call, List<Value> args, int depth) {
        if (args.size() != 3) {
            cx.diags.report(Code.E0105, call.span(), "`scan` takes 3 arguments (cell, inputs, initial hidden), found "
                    + args.size(), r -> r.help("write `hs, h = scan(cell, x, h0)`"));
            return Value.UNKNOWN;
        }
        if (!(args.get(0) instanceof Value.LayerRef ref)) {
            cx.diags.report(Code.E0106, call.args().get(0).span(), "the first argument of `scan` must be a "
                    + "declared layer such as an `rnn_cell`, found " + Value.describe(args.get(0)));
            return Value.UNKNOWN;
        }
        if (!(args.get(1) instanceof Value.Tensor xs) || !(args.get(2) instanceof Value.Tensor h0)) {
            return Value.UNKNOWN;
        }
        TensorType x = xs.type();
        if (x.rank() < 2) {
            cx.diags.report(Code.E0210, call.args().get(1).span(), "`scan` steps over dimension 0 and needs a "
                    + "rank-2 or higher tensor, found " + x);
            return Value.UNKNOWN;
        }
        LayerInstance cell = inst.layers().get(ref.name());
        Value step = new Value.Tensor(x.withDims(x.dims().subList(1, x.rank())));
        List<Value> in = List.of(step, h0);
        int row = cx.rows.size();
        Trace outer = cx.trace;
        Trace body = outer == null ? null : new Trace();
        cx.trace = body;
        Value h;
        try {
            h = Apply.layer(cx, cell, in, call.span(),
                    List.of(call.args().get(1).span(), call.args().get(2).span()), List.of("", ""), depth);
        } finally {
            cx.trace = outer;
        }
        if (!(h instanceof Value.Tensor ht)) {
            return Value.UNKNOWN;
        }
        if (!ht.type().equals(h0.type())) {
            cx.diags.report(Code.E0215, call.args().get(2).span(), "`" + ref.name() + "` returns " + ht.type()
                    + " but the hidden state it is fed is " + h0.type(),
                    r -> r.help("start from a hidden state of shape " + ht.type().shapeText()));
            return Value.UNKNOWN;
        }
        if (row < cx.rows.size()) {
            SummaryRow r = cx.rows.get(row);
            cx.rows.set(row, new SummaryRow(r.layer(), r.depth(), r.output(), r.macs().times(x.dim(0)), r.repeated()));
        }
        List<Dim> stacked = new ArrayList<>();
        stacked.add(x.dim(0));
        stacked.addAll(ht.type().dims());
        Value out = new Value.Seq(List.of(new Value.Tensor(ht.type().withDims(stacked), ref.name()), h), true);
        if (body != null) {
            cx.record(new Trace.Scan(body.steps(), step, xs, h0, out, call.span()));
        }
        return out;
    }
}
