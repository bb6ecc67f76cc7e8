package dev.nnet.check;

import dev.nnet.ast.Expr;
import dev.nnet.diag.Code;
import dev.nnet.diag.Diagnostics;
import dev.nnet.diag.Span;
import dev.nnet.ops.ArgKind;
import dev.nnet.ops.ParamSpec;
import dev.nnet.ops.Signature;
import dev.nnet.resolve.Names;
import dev.nnet.types.Args;
import dev.nnet.types.Value;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Binds written arguments to a signature: positional in order, then keywords (or their aliases), then defaults.
 * Reports unknown keywords (E0104), arity (E0105), wrong kinds (E0106), duplicates (E0107), words outside
 * their set (E0112) and symbolic sizes where a constant is needed (E0117).
 */
final class ArgBinder {
    private final Diagnostics diags;

    ArgBinder(Diagnostics diags) {
        this.diags = diags;
    }

    /**
     * @param what     how to name the callee in messages, e.g. "linear" or "block `Residual`"
     * @param evaluate evaluates an argument expression; {@code true} when bare words are acceptable
     */
    Args bind(String callee, Signature sig, List<Expr.Arg> written, Span callSpan,
              java.util.function.BiFunction<Expr, Boolean, Value> evaluate) {
        String what = callee.contains("`") ? callee : "`" + callee + "`";
        Args args = new Args(callSpan);
        Map<ParamSpec, List<Expr.Arg>> given = new LinkedHashMap<>();
        List<ParamSpec> params = sig.params();
        int position = 0;
        boolean sawKeyword = false;
        boolean arityReported = false;
        for (Expr.Arg arg : written) {
            if (arg.name() != null) {
                sawKeyword = true;
                var spec = sig.find(arg.name().name());
                if (spec.isEmpty()) {
                    diags.report(Code.E0104, arg.name().span(), what + " has no parameter `" + arg.name().name() + "`",
                            r -> {
                                Names.closest(arg.name().name(), allNames(sig))
                                        .ifPresentOrElse(s -> r.help("did you mean `" + s + "`?"),
                                                () -> r.note("parameters: " + sig.render(callee)));
                                return r;
                            });
                    continue;
                }
                if (given.containsKey(spec.get())) {
                    diags.report(Code.E0107, arg.span(), "`" + spec.get().name() + "` is given twice",
                            r -> r.label(given.get(spec.get()).get(0).span(), "first given here")
                                    .help("remove one of them"));
                    continue;
                }
                given.put(spec.get(), new ArrayList<>(List.of(arg)));
                continue;
            }
            if (sawKeyword) {
                diags.report(Code.E0105, arg.span(), "positional argument after a keyword argument",
                        r -> r.help("move it before the keyword arguments, or name it"));
                arityReported = true;
                continue;
            }
            if (position < params.size() && params.get(position).isVariadic()) {
                given.computeIfAbsent(params.get(position), k -> new ArrayList<>()).add(arg);
                continue;
            }
            if (position >= params.size()) {
                long positionalCount = params.stream().filter(p -> !p.isVariadic()).count();
                diags.report(Code.E0105, arg.span(), what + " takes at most " + positionalCount
                        + " argument" + (positionalCount == 1 ? "" : "s") + ", found " + countPositional(written),
                        r -> r.spanLabel("unexpected argument").note("signature: " + sig.render(callee)));
                continue;
            }
            ParamSpec spec = params.get(position++);
            given.put(spec, new ArrayList<>(List.of(arg)));
        }
        for (ParamSpec spec : params) {
            List<Expr.Arg> list = given.get(spec);
            if (list != null) {
                Value v = convert(what, spec, list, evaluate);
                Span span = list.get(0).value().span().to(list.get(list.size() - 1).value().span());
                args.put(spec.name(), v, span);
            } else if (spec.defaultValue() != null) {
                args.put(spec.name(), spec.defaultValue(), null);
            } else if (spec.isVariadic()) {
                args.put(spec.name(), new Value.Seq(List.of(), false), null);
            } else if (spec.isRequired() && arityReported) {
                args.put(spec.name(), Value.UNKNOWN, null); // the misplaced argument was probably this one
            } else if (spec.isRequired()) {
                diags.report(Code.E0105, callSpan, what + " is missing argument `" + spec.name() + "`",
                        r -> r.spanLabel("`" + spec.name() + "` not given").note("signature: " + sig.render(callee))
                                .help(spec.doc().isEmpty() ? "add it" : "add `" + spec.name() + "`: " + spec.doc()));
                args.put(spec.name(), Value.UNKNOWN, null);
            }
        }
        return args;
    }

    private static long countPositional(List<Expr.Arg> written) {
        return written.stream().filter(a -> a.name() == null).count();
    }

    private static List<String> allNames(Signature sig) {
        List<String> names = new ArrayList<>();
        sig.params().forEach(p -> {
            names.add(p.name());
            names.addAll(p.aliases());
        });
        return names;
    }

    private Value convert(String what, ParamSpec spec, List<Expr.Arg> list,
                          java.util.function.BiFunction<Expr, Boolean, Value> evaluate) {
        if (spec.isVariadic()) {
            // `view(-1, 320)` and `view([-1, 320])` mean the same.
            List<Value> items = new ArrayList<>();
            for (Expr.Arg a : list) {
                Value v = evaluate.apply(a.value(), spec.kind() == ArgKind.CONFIGS);
                if (list.size() == 1 && v instanceof Value.Seq s && spec.kind() == ArgKind.DIMS) {
                    items.addAll(s.items());
                } else {
                    items.add(v);
                }
            }
            for (int i = 0; i < items.size(); i++) {
                Value item = items.get(i);
                boolean ok = spec.kind() == ArgKind.DIMS ? item instanceof Value.Int : item instanceof Value.Config;
                if (!ok && !(item instanceof Value.Unknown)) {
                    Span at = i < list.size() ? list.get(i).value().span() : list.get(0).value().span();
                    diags.report(Code.E0106, at, "`" + spec.name() + "` of " + what + " takes "
                            + spec.kind().description() + ", found " + Value.describe(item));
                    return Value.UNKNOWN;
                }
            }
            return new Value.Seq(items, false);
        }
        Expr e = list.get(0).value();
        Value v = evaluate.apply(e, spec.kind() == ArgKind.WORD);
        return check(what, spec, e, v);
    }

    /**
     * Every size or count an argument gives ends up as a Java {@code int} (an array length, a loop bound), so a
     * constant past 2^31−1 is refused here, at the argument, before anything is sized from it.
     */
    private Value withinArrayLimit(String what, ParamSpec spec, Expr e, Value.Int i) {
        if (i.value().isConstant() && i.value().constantTerm() > SizeLimits.MAX_ARRAY_ELEMENTS) {
            diags.report(Code.E0219, e.span(), "`" + spec.name() + "` of " + what + " is "
                    + SizeLimits.group(i.value().constantTerm()) + "; sizes and counts are at most "
                    + SizeLimits.group(SizeLimits.MAX_ARRAY_ELEMENTS) + ", the most elements a Java array holds");
            return Value.UNKNOWN;
        }
        return i;
    }

    private Value check(String what, ParamSpec spec, Expr e, Value v) {
        if (v instanceof Value.Unknown) {
            return v;
        }
        Function<String, Value> wrong = found -> {
            diags.report(Code.E0106, e.span(), "`" + spec.name() + "` of " + what + " takes "
                    + spec.kind().description() + ", found " + found, r -> r.spanLabel(found));
            return Value.UNKNOWN;
        };
        switch (spec.kind()) {
            case INT:
                if (v instanceof Value.Int i) {
                    if (!i.value().isConstant()) {
                        diags.report(Code.E0117, e.span(), "`" + spec.name() + "` of " + what
                                + " must be a constant, found symbolic size " + i.value(),
                                r -> r.note("sizes of parameters are fixed when the model is compiled"));
                        return Value.UNKNOWN;
                    }
                    return withinArrayLimit(what, spec, e, i);
                }
                return wrong.apply(Value.describe(v));
            case DIM:
                return v instanceof Value.Int i ? withinArrayLimit(what, spec, e, i) : wrong.apply(Value.describe(v));
            case FLOAT:
                Double d = ConstEval.number(v);
                return d != null ? new Value.Float(d) : wrong.apply(Value.describe(v));
            case BOOL:
                return v instanceof Value.Bool ? v : wrong.apply(Value.describe(v));
            case STRING:
                return v instanceof Value.Str ? v : wrong.apply(Value.describe(v));
            case WORD:
                String word = v instanceof Value.Word w ? w.value() : v instanceof Value.Str s ? s.value() : null;
                if (word == null) {
                    return wrong.apply(Value.describe(v));
                }
                if (!spec.words().isEmpty() && !spec.words().contains(word)) {
                    diags.report(Code.E0112, e.span(), "`" + spec.name() + "` must be one of "
                            + String.join(", ", spec.words()) + ", found `" + word + "`", r -> {
                                Names.closest(word, spec.words()).ifPresent(s -> r.help("did you mean `" + s + "`?"));
                                return r;
                            });
                    return Value.UNKNOWN;
                }
                return new Value.Word(word);
            case INT_PAIR:
                if (v instanceof Value.Int i && i.value().isConstant()) {
                    return v;
                }
                if (v instanceof Value.Seq s && s.items().size() == 2 && s.items().stream()
                        .allMatch(x -> x instanceof Value.Int i && i.value().isConstant())) {
                    return v;
                }
                return wrong.apply(Value.describe(v));
            case FLOATS:
                if (v instanceof Value.Seq s && s.items().stream().allMatch(x -> ConstEval.number(x) != null)) {
                    return new Value.Seq(s.items().stream().<Value>map(x -> new Value.Float(ConstEval.number(x)))
                            .toList(), true);
                }
                return wrong.apply(Value.describe(v));
            default:
                return v;
        }
    }
}
