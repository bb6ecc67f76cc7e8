package dev.nnet.check;

import dev.nnet.ast.Expr;
import dev.nnet.ast.Ident;
import dev.nnet.ast.Member;
import dev.nnet.ast.Stmt;
import dev.nnet.diag.Code;
import dev.nnet.diag.Span;
import dev.nnet.ops.Catalogue;
import dev.nnet.ops.Op;
import dev.nnet.ops.OpKind;
import dev.nnet.types.Value;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks one run of a component's body with concrete input types: a sequential list applied in order, or a
 * forward body statement by statement. Records the type of every expression as a {@link Fact}.
 */
final class Forward {
    private final CheckContext cx;
    private final Instance inst;
    private final int depth;
    private final Map<String, Value> vars = new HashMap<>();
    private final Map<String, String> varOrigins = new HashMap<>();
    private final Map<Expr, String> origins = new IdentityHashMap<>();

    Forward(CheckContext cx, Instance inst, int depth) {
        this.cx = cx;
        this.inst = inst;
        this.depth = depth;
    }

    Value run(List<Value> inputs) {
        if (inst.component().sequential() != null) {
            return sequential(inst.component().sequential(), inputs);
        }
        Member.Forward forward = inst.component().forward();
        if (forward == null) {
            return Value.UNKNOWN;
        }
        List<String> params = forward.params() != null ? forward.params().stream().map(Ident::name).toList()
                : new ArrayList<>(inst.component().inputs().keySet());
        for (int i = 0; i < params.size() && i < inputs.size(); i++) {
            vars.put(params.get(i), inputs.get(i));
        }
        for (Stmt s : forward.body()) {
            if (s instanceof Stmt.Assign a) {
                Value v = eval(a.value());
                if (a.targets().size() == 1) {
                    Apply.bindPattern(cx, a.targets().get(0), v, vars);
                    if (a.targets().get(0) instanceof Stmt.NamePattern n) {
                        varOrigins.put(n.name().name(), originOf(a.value()));
                    }
                } else {
                    Apply.bindPattern(cx, new Stmt.TuplePattern(a.targets(), a.span()), v, vars);
                }
            } else if (s instanceof Stmt.Return r) {
                List<Value> values = r.values().stream().map(this::eval).toList();
                return values.size() == 1 ? values.get(0) : new Value.Seq(values, true);
            }
        }
        return Value.UNKNOWN;
    }

    private Value sequential(Member.Sequential seq, List<Value> inputs) {
        if (inputs.size() != 1) {
            cx.diags.report(Code.E0105, seq.span(), "a sequential body takes one input, found " + inputs.size(),
                    r -> r.help("use `forward(...)` to combine several inputs"));
            return Value.UNKNOWN;
        }
        Value value = inputs.get(0);
        Span previous = seq.span();
        String origin = "";
        int index = 0;
        for (Member.SeqEntry e : seq.entries()) {
            String name = e.name() != null ? e.name().name() : Integer.toString(index++);
            if (e.name() != null) {
                index++;
            }
            LayerInstance layer = inst.layers().get(name);
            if (layer == null) {
                return Value.UNKNOWN;
            }
            Value in = value;
            value = Apply.layer(cx, layer, List.of(in), e.span(), List.of(previous), List.of(origin), depth);
            cx.facts.add(new Fact(inst.path(), e.value(), value));
            String shown = e.name() == null && layer.op() != null ? layer.op().name() : name;
            origin = shown + "(" + Value.describe(in) + ") gives " + Value.describe(value);
            previous = e.span();
        }
        return value;
    }

    private Value eval(Expr e) {
        Value v = evalInner(e);
        if (!(e instanceof Expr.IntLit || e instanceof Expr.FloatLit || e instanceof Expr.StringLit
                || e instanceof Expr.BoolLit || e instanceof Expr.Missing)) {
            cx.facts.add(new Fact(inst.path(), e, v));
        }
        return v;
    }

    private Value evalInner(Expr e) {
        if (e instanceof Expr.Name n) {
            return name(n);
        } else if (e instanceof Expr.ListLit l) {
            return new Value.Seq(l.elements().stream().map(this::eval).toList(), false);
        } else if (e instanceof Expr.TupleLit t) {
            return new Value.Seq(t.elements().stream().map(this::eval).toList(), true);
        } else if (e instanceof Expr.Call c) {
            return call(c);
        } else if (e instanceof Expr.MethodCall m) {
            Op op = Catalogue.lookup(m.method().name()).orElse(null);
            return op == null ? Value.UNKNOWN : function(m, op, m.receiver(), m.args(), m.span());
        } else if (e instanceof Expr.Index i) {
            return Indexing.index(cx, inst.env(), i, eval(i.target()));
        } else if (e instanceof Expr.Slice sl) {
            return Slicing.slice(cx, inst.env(), sl, eval(sl.target()));
        } else if (e instanceof Expr.Negate n) {
            Value v = eval(n.operand());
            if (v instanceof Value.Tensor t) {
                Value out = new Value.Tensor(t.type(), "neg");
                cx.record(new Trace.Negate(v, out, n.span()));
                return out;
            }
            return cx.consts.eval(e, inst.env(), false);
        } else if (e instanceof Expr.Binary b) {
            Value l = eval(b.left());
            Value r = eval(b.right());
            if (l instanceof Value.Tensor || r instanceof Value.Tensor) {
                return Indexing.arithmetic(cx, b, l, r);
            }
            return l instanceof Value.Unknown || r instanceof Value.Unknown ? Value.UNKNOWN
                    : cx.consts.eval(e, inst.env(), false);
        } else if (e instanceof Expr.Missing) {
            return Value.UNKNOWN;
        }
        return cx.consts.eval(e, inst.env(), false);
    }

    private Value name(Expr.Name n) {
        String name = n.name().name();
        if (vars.containsKey(name)) {
            return vars.get(name);
        }
        if (inst.layers().containsKey(name)) {
            return new Value.LayerRef(name);
        }
        boolean constant = cx.scope.consts().containsKey(name) || inst.env().lookup(name) != null
                || inst.env().isSymbol(name);
        return constant ? cx.consts.eval(n, inst.env(), false) : Value.UNKNOWN;
    }

    private Value call(Expr.Call c) {
        String name = c.callee().name();
        LayerInstance layer = inst.layers().get(name);
        if (layer != null) {
            List<String> inputNames = layer.op() != null ? layer.op().inputs() : List.of();
            int optional = layer.op() != null ? layer.op().optionalInputs() : 0;
            Inputs in = inputs(c.args(), inputNames, optional, name);
            if (in == null) {
                return Value.UNKNOWN;
            }
            Value out = Apply.layer(cx, layer, in.values, c.span(), in.spans, in.origins, depth);
            origins.put(c, name + "(" + in.describe() + ") gives " + Value.describe(out));
            return out;
        }
        if (name.equals("scan")) {
            return Scan.apply(cx, inst, c, c.args().stream().map(a -> eval(a.value())).toList(), depth);
        }
        Op op = Catalogue.lookup(name).orElse(null);
        if (op == null || op.kind() == OpKind.PARAMETRIC || op.kind() == OpKind.LOSS) {
            c.args().forEach(a -> eval(a.value()));
            return Value.UNKNOWN; // reported by the resolver
        }
        return function(c, op, null, c.args(), c.span());
    }

    /** A parameter-free op called directly: inputs first (the receiver of a method call counts), then options. */
    private Value function(Expr self, Op op, Expr receiver, List<Expr.Arg> args, Span callSpan) {
        List<Expr.Arg> all = new ArrayList<>();
        if (receiver != null) {
            all.add(new Expr.Arg(null, receiver, receiver.span()));
        }
        all.addAll(args);
        int inputCount = op.inputs().size();
        List<Expr.Arg> inputArgs = new ArrayList<>();
        List<Expr.Arg> options = new ArrayList<>();
        for (Expr.Arg a : all) {
            boolean namedInput = a.name() != null && op.inputs().contains(a.name().name());
            if (namedInput || a.name() == null && inputArgs.size() < inputCount && options.isEmpty()) {
                inputArgs.add(a);
            } else {
                options.add(a);
            }
        }
        if (inputArgs.size() < inputCount - op.optionalInputs()) {
            inputArgs.forEach(a -> eval(a.value()));
            cx.diags.report(Code.E0105, callSpan, "`" + op.name() + "` takes " + inputCount + " tensor input"
                    + (inputCount == 1 ? "" : "s") + ", found " + inputArgs.size(),
                    r -> r.note("usage: " + CheckContext.usage(op)));
            return Value.UNKNOWN;
        }
        Inputs in = inputs(inputArgs, op.inputs(), op.optionalInputs(), op.name());
        if (in == null) {
            return Value.UNKNOWN;
        }
        var bound = cx.bind(op.name(), op.signature(), options, callSpan, inst.env());
        Span nameSpan = self instanceof Expr.MethodCall m ? m.method().span()
                : self instanceof Expr.Call c ? c.callee().span() : callSpan;
        Value out = Apply.op(cx, op, bound, null, in.values, callSpan, nameSpan, in.spans, in.origins);
        origins.put(self, op.name() + "(" + in.describe() + ") gives " + Value.describe(out));
        return out;
    }

    /**
     * Evaluates the inputs of an application, placing keyword inputs ({@code lengths=l}) by name; optional inputs
     * skipped before a keyword one are {@link Value#ABSENT}.
     */
    private Inputs inputs(List<Expr.Arg> args, List<String> names, int optional, String callee) {
        Inputs in = new Inputs();
        List<Expr.Arg> ordered = new ArrayList<>();
        for (Expr.Arg a : args) {
            if (a.name() == null) {
                ordered.add(a);
            }
        }
        for (Expr.Arg a : args) {
            if (a.name() == null) {
                continue;
            }
            int at = names.indexOf(a.name().name());
            if (at < 0) {
                eval(a.value());
                cx.diags.report(Code.E0104, a.name().span(), "`" + callee + "` has no input named `"
                        + a.name().name() + "`", r -> r.note(names.isEmpty() ? "it takes its inputs by position"
                        : "inputs: " + String.join(", ", names)));
                return null;
            }
            while (ordered.size() <= at) {
                ordered.add(null);
            }
            if (ordered.get(at) != null) {
                Expr.Arg first = ordered.get(at);
                eval(a.value());
                cx.diags.report(Code.E0107, a.span(), "input `" + a.name().name() + "` of `" + callee
                        + "` is given twice", r -> r.label(first.span(), "first given here").help("remove one"));
                return null;
            }
            ordered.set(at, a);
        }
        for (int i = 0; i < ordered.size(); i++) {
            Expr.Arg a = ordered.get(i);
            if (a == null && i >= names.size() - optional) {
                in.values.add(Value.ABSENT);
                in.spans.add(args.get(0).span());
                in.origins.add("");
                continue;
            }
            if (a == null) {
                cx.diags.report(Code.E0105, args.get(0).span(), "`" + callee + "` is missing input `" + names.get(i)
                        + "`", r -> r.help("inputs: " + String.join(", ", names)));
                return null;
            }
            in.values.add(eval(a.value()));
            in.spans.add(a.value().span());
            in.origins.add(originOf(a.value()));
        }
        return in;
    }

    private String originOf(Expr e) {
        if (e instanceof Expr.Name n) {
            return varOrigins.getOrDefault(n.name().name(), "");
        }
        return origins.getOrDefault(e, "");
    }

    /** Evaluated inputs with where they were written and how they were computed. */
    private static final class Inputs {
        final List<Value> values = new ArrayList<>();
        final List<Span> spans = new ArrayList<>();
        final List<String> origins = new ArrayList<>();

        String describe() {
            return String.join(", ", values.stream().map(Value::describe).toList());
        }
    }
}
