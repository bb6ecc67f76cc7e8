package dev.nnet.check;

import dev.nnet.ast.Expr;
import dev.nnet.ast.Item;
import dev.nnet.diag.Code;
import dev.nnet.diag.Diagnostics;
import dev.nnet.resolve.Names;
import dev.nnet.types.Dim;
import dev.nnet.types.Value;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Evaluates expressions that must be known at compile time: sizes, hyper-parameters, literals. Integers may be
 * symbolic ({@code N*T}); a bare name that is not a constant evaluates to a {@link Value.Word} only where the
 * caller allows words ({@code reduction=sum}), otherwise it is reported as undefined.
 */
final class ConstEval {
    private final Diagnostics diags;
    private final Map<String, Value> programConstants = new HashMap<>();
    private final Set<String> evaluating = new HashSet<>();

    ConstEval(Diagnostics diags) {
        this.diags = diags;
    }

    Value eval(Expr e, Env env, boolean wordsAllowed) {
        if (e instanceof Expr.IntLit i) {
            return Value.Int.of(i.value());
        } else if (e instanceof Expr.FloatLit f) {
            return new Value.Float(f.value());
        } else if (e instanceof Expr.StringLit s) {
            return new Value.Str(s.value());
        } else if (e instanceof Expr.BoolLit b) {
            return new Value.Bool(b.value());
        } else if (e instanceof Expr.Name n) {
            return name(n, env, wordsAllowed);
        } else if (e instanceof Expr.ListLit l) {
            return new Value.Seq(l.elements().stream().map(x -> eval(x, env, wordsAllowed)).toList(), false);
        } else if (e instanceof Expr.TupleLit t) {
            return new Value.Seq(t.elements().stream().map(x -> eval(x, env, wordsAllowed)).toList(), true);
        } else if (e instanceof Expr.Negate n) {
            Value v = eval(n.operand(), env, false);
            if (v instanceof Value.Int i) {
                try {
                    return new Value.Int(i.value().times(-1));
                } catch (ArithmeticException overflow) {
                    diags.report(Code.E0219, e.span(),
                            "integer overflow: -(" + i.value() + ") does not fit in 64 bits");
                    return Value.UNKNOWN;
                }
            }
            return v instanceof Value.Float f ? new Value.Float(-f.value()) : notConstant(e, v);
        } else if (e instanceof Expr.Binary b) {
            return binary(b, eval(b.left(), env, false), eval(b.right(), env, false));
        } else if (e instanceof Expr.Call c) {
            return new Value.Config(c.callee().name(), new dev.nnet.types.Args(c.span()));
        } else if (e instanceof Expr.Missing) {
            return Value.UNKNOWN;
        }
        diags.report(Code.E0117, e.span(), "this must be a compile-time value (a number, size or word)",
                r -> r.spanLabel("computed at run time"));
        return Value.UNKNOWN;
    }

    private Value name(Expr.Name n, Env env, boolean wordsAllowed) {
        String name = n.name().name();
        Value bound = env.lookup(name);
        if (bound != null) {
            return bound;
        }
        Item.Const c = env.scope.consts().get(name);
        if (c != null) {
            return programConstant(c, env);
        }
        if (env.isSymbol(name)) {
            return new Value.Int(Dim.sym(name));
        }
        if (wordsAllowed) {
            return new Value.Word(name);
        }
        List<String> candidates = new ArrayList<>(env.scope.consts().keySet());
        if (env.component != null) {
            env.component.params().forEach(p -> candidates.add(p.name().name()));
            candidates.addAll(env.component.symbols());
        }
        diags.report(Code.E0101, n.span(), "cannot find constant `" + name + "`", r -> {
            r.spanLabel("not a constant, block parameter or input dimension");
            Names.closest(name, candidates).ifPresentOrElse(s -> r.help("did you mean `" + s + "`?"),
                    () -> r.help("define it first, e.g. `const " + name + " = 64`"));
            return r;
        });
        return Value.UNKNOWN;
    }

    private Value programConstant(Item.Const c, Env env) {
        String name = c.name().name();
        Value cached = programConstants.get(name);
        if (cached != null) {
            return cached;
        }
        if (!evaluating.add(name)) {
            diags.report(Code.E0117, c.name().span(), "constant `" + name + "` is defined in terms of itself");
            return Value.UNKNOWN;
        }
        Value v = eval(c.value(), new Env(env.scope, null, Map.of()), false);
        evaluating.remove(name);
        programConstants.put(name, v);
        return v;
    }

    private Value binary(Expr.Binary b, Value l, Value r) {
        try {
            return exactBinary(b, l, r);
        } catch (ArithmeticException e) {
            diags.report(Code.E0219, b.span(), "integer overflow: `" + Value.describe(l) + " " + b.op().symbol() + " "
                    + Value.describe(r) + "` does not fit in 64 bits",
                    r2 -> r2.help("sizes and counts must stay below 9,223,372,036,854,775,807"));
            return Value.UNKNOWN;
        }
    }

    private Value exactBinary(Expr.Binary b, Value l, Value r) {
        if (l instanceof Value.Unknown || r instanceof Value.Unknown) {
            return Value.UNKNOWN;
        }
        if (l instanceof Value.Int a && r instanceof Value.Int c) {
            Dim x = a.value();
            Dim y = c.value();
            switch (b.op()) {
                case ADD:
                    return new Value.Int(x.plus(y));
                case SUB:
                    return new Value.Int(x.minus(y));
                case MUL:
                    return new Value.Int(x.times(y));
                case DIV:
                    if (y.isConstant() && y.constantTerm() == 0) {
                        diags.report(Code.E0112, b.span(), "division by zero");
                        return Value.UNKNOWN;
                    }
                    if (x.isConstant() && y.isConstant()) {
                        // Integer sizes divide exactly; otherwise the user meant a number like 1/255.
                        return x.constantTerm() % y.constantTerm() == 0
                                ? Value.Int.of(x.constantTerm() / y.constantTerm())
                                : new Value.Float((double) x.constantTerm() / y.constantTerm());
                    }
                    return x.exactDiv(y).<Value>map(Value.Int::new).orElseGet(() -> {
                        diags.report(Code.E0117, b.span(), x + " / " + y + " is not a whole size for every value of "
                                + String.join(", ", x.symbols()));
                        return Value.UNKNOWN;
                    });
                default:
                    if (x.isConstant() && y.isConstant() && y.constantTerm() != 0) {
                        return Value.Int.of(Math.floorMod(x.constantTerm(), y.constantTerm()));
                    }
                    diags.report(Code.E0117, b.span(), "`%` needs two constant integers");
                    return Value.UNKNOWN;
            }
        }
        Double x = number(l);
        Double y = number(r);
        if (x == null || y == null) {
            return notConstant(b, x == null ? l : r);
        }
        switch (b.op()) {
            case ADD:
                return new Value.Float(x + y);
            case SUB:
                return new Value.Float(x - y);
            case MUL:
                return new Value.Float(x * y);
            case DIV:
                return new Value.Float(x / y);
            default:
                return new Value.Float(x % y);
        }
    }

    static Double number(Value v) {
        if (v instanceof Value.Float f) {
            return f.value();
        }
        if (v instanceof Value.Int i && i.value().isConstant()) {
            return (double) i.value().constantTerm();
        }
        return null;
    }

    private Value notConstant(Expr e, Value v) {
        if (!(v instanceof Value.Unknown)) {
            diags.report(Code.E0106, e.span(), "arithmetic needs numbers, found " + Value.describe(v));
        }
        return Value.UNKNOWN;
    }
}
