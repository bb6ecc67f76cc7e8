package dev.nnet.resolve;

import dev.nnet.ast.Expr;
import dev.nnet.ast.Ident;
import dev.nnet.ast.Item;
import dev.nnet.ast.Member;
import dev.nnet.ast.Stmt;
import dev.nnet.diag.Code;
import dev.nnet.diag.Diagnostics;
import dev.nnet.diag.Span;
import dev.nnet.ops.Catalogue;
import dev.nnet.ops.Op;
import dev.nnet.ops.OpKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks that every name a component uses is defined before its use: in layer declarations (constants, block
 * parameters, built-ins, blocks) and in the forward body (inputs, variables, layers, symbols). Also warns about
 * layers and variables that are never used.
 */
final class BodyResolver {
    /** Built-ins the checker implements itself rather than through the op catalogue. */
    static final Set<String> SPECIAL_FUNCTIONS = Set.of("scan");

    private final Scope scope;
    private final Component component;
    private final Diagnostics diags;
    private final Set<String> usedLayers = new TreeSet<>();
    private final Map<String, Ident> variables = new LinkedHashMap<>();
    private final Set<String> readVariables = new TreeSet<>();

    BodyResolver(Scope scope, Component component, Diagnostics diags) {
        this.scope = scope;
        this.component = component;
        this.diags = diags;
    }

    void run() {
        for (Member.Layer layer : component.layers().values()) {
            declaration(layer.value());
        }
        if (component.sequential() != null) {
            for (Member.SeqEntry e : component.sequential().entries()) {
                declaration(e.value());
            }
        }
        if (component.forward() != null) {
            forward(component.forward());
            for (Member.Layer layer : component.layers().values()) {
                if (!usedLayers.contains(layer.name().name())) {
                    diags.report(Code.W0301, layer.name().span(),
                            "layer `" + layer.name().name() + "` is never used",
                            r -> r.help("call it in `forward`, or remove the declaration"));
                }
            }
        }
    }

    /** A layer declaration: {@code conv2d(1, 10, kernel=5)}, {@code Residual(16)} or a bare {@code relu}. */
    private void declaration(Expr value) {
        if (value instanceof Expr.Call call) {
            String name = call.callee().name();
            boolean known = Catalogue.lookup(name).isPresent() || scope.blocks().containsKey(name);
            if (!known) {
                unknownCallee(call.callee(), candidatesForDeclaration());
            }
            call.args().forEach(a -> constant(a.value()));
        } else if (value instanceof Expr.Name n) {
            String name = n.name().name();
            if (Catalogue.lookup(name).isEmpty() && !scope.blocks().containsKey(name)) {
                unknownCallee(n.name(), candidatesForDeclaration());
            }
        } else if (!(value instanceof Expr.Missing)) {
            diags.report(Code.E0109, value.span(), "a layer declaration must call a layer, e.g. `linear(784, 10)`");
        }
    }

    /** Names in constant positions: block parameters, constants, or words the binder will interpret. */
    private void constant(Expr e) {
        if (e instanceof Expr.Call c) {
            c.args().forEach(a -> constant(a.value()));
        } else if (e instanceof Expr.Binary b) {
            constant(b.left());
            constant(b.right());
        } else if (e instanceof Expr.ListLit l) {
            l.elements().forEach(this::constant);
        } else if (e instanceof Expr.TupleLit t) {
            t.elements().forEach(this::constant);
        } else if (e instanceof Expr.Negate n) {
            constant(n.operand());
        }
        // Bare names may be words (`reduction=sum`) or constants; the checker decides with the signature at hand.
    }

    private void forward(Member.Forward f) {
        if (f.params() != null) {
            for (Ident p : f.params()) {
                if (!component.isBlock() && !component.inputs().containsKey(p.name())) {
                    diags.report(Code.E0101, p.span(), "`" + p.name() + "` is not a declared input of `"
                            + component.name() + "`", r -> {
                                Names.closest(p.name(), component.inputs().keySet())
                                        .ifPresentOrElse(s -> r.help("did you mean `" + s + "`?"),
                                                () -> r.help("declare it: `input " + p.name() + ": [N, ...]`"));
                                return r;
                            });
                }
                variables.put(p.name(), p);
                readVariables.add(p.name());
            }
            List<String> missing = component.inputs().keySet().stream()
                    .filter(in -> f.params().stream().noneMatch(p -> p.name().equals(in))).toList();
            boolean allDeclared = f.params().stream().allMatch(p -> component.inputs().containsKey(p.name()));
            // A misspelt parameter was reported above; the input it meant is not missing as well.
            if (!component.isBlock() && !missing.isEmpty() && allDeclared) {
                diags.report(Code.E0105, f.span(), "`forward` of `" + component.name() + "` does not take input"
                        + (missing.size() == 1 ? " `" : "s `") + String.join("`, `", missing) + "`",
                        r -> r.help("list every declared input: `forward(" + String.join(", ",
                                component.inputs().keySet()) + ")`"));
            }
        } else {
            component.inputs().forEach((name, in) -> {
                variables.put(name, in.name());
                readVariables.add(name);
            });
        }
        boolean returned = false;
        for (Stmt s : f.body()) {
            if (s instanceof Stmt.Assign a) {
                use(a.value());
                a.targets().forEach(this::bind);
            } else if (s instanceof Stmt.Return r) {
                r.values().forEach(this::use);
                returned = true;
            }
        }
        if (!returned) {
            diags.report(Code.E0115, f.span(), "`forward` of `" + component.name() + "` does not return anything",
                    r -> r.help("end it with `return` and the output, e.g. `return fc(x)`"));
        }
        variables.forEach((name, ident) -> {
            if (!readVariables.contains(name) && !name.startsWith("_")) {
                diags.report(Code.W0302, ident.span(), "variable `" + name + "` is assigned but never used",
                        r -> r.help("use it, or name it `_" + name + "` to say it is unused on purpose"));
            }
        });
    }

    private void bind(Stmt.Pattern p) {
        if (p instanceof Stmt.NamePattern n) {
            variables.put(n.name().name(), n.name());
        } else if (p instanceof Stmt.TuplePattern t) {
            t.parts().forEach(this::bind);
        }
    }

    /** An expression of the forward body. */
    private void use(Expr e) {
        if (e instanceof Expr.Name n) {
            String name = n.name().name();
            if (variables.containsKey(name)) {
                readVariables.add(name);
            } else if (component.layers().containsKey(name)) {
                usedLayers.add(name); // passed by name, e.g. to scan
            } else if (!isConstantName(name)) {
                diags.report(Code.E0101, n.span(), "cannot find `" + name + "` in `" + component.name() + "`",
                        r -> {
                            r.spanLabel("not defined before this line");
                            Names.closest(name, visibleNames()).ifPresent(s -> r.help("did you mean `" + s + "`?"));
                            return r;
                        });
            }
        } else if (e instanceof Expr.Call c) {
            callee(c.callee(), false);
            c.args().forEach(a -> use(a.value()));
        } else if (e instanceof Expr.MethodCall m) {
            use(m.receiver());
            callee(m.method(), true);
            m.args().forEach(a -> use(a.value()));
        } else if (e instanceof Expr.Index i) {
            use(i.target());
            use(i.index());
        } else if (e instanceof Expr.Slice sl) {
            use(sl.target());
            for (Expr.Subscript sub : sl.subscripts()) {
                if (sub.start() != null) {
                    use(sub.start());
                }
                if (sub.stop() != null) {
                    use(sub.stop());
                }
            }
        } else if (e instanceof Expr.Negate n) {
            use(n.operand());
        } else if (e instanceof Expr.Binary b) {
            use(b.left());
            use(b.right());
        } else if (e instanceof Expr.ListLit l) {
            l.elements().forEach(this::use);
        } else if (e instanceof Expr.TupleLit t) {
            t.elements().forEach(this::use);
        }
    }

    private void callee(Ident name, boolean method) {
        String n = name.name();
        if (!method && component.layers().containsKey(n)) {
            usedLayers.add(n);
            return;
        }
        var op = Catalogue.lookup(n);
        if (op.isPresent()) {
            if (op.get().kind() == OpKind.PARAMETRIC || op.get().kind() == OpKind.LOSS) {
                reportInlineLayer(name, op.get());
            }
            return;
        }
        if (!method && SPECIAL_FUNCTIONS.contains(n)) {
            return;
        }
        if (!method && scope.blocks().containsKey(n)) {
            diags.report(Code.E0109, name.span(), "block `" + n + "` must be declared as a layer before it is called",
                    r -> r.help("declare `" + n.toLowerCase(java.util.Locale.ROOT) + " = " + n
                            + "(...)` beside the other layers, then call it by that name"));
            return;
        }
        List<String> candidates = new ArrayList<>(component.layers().keySet());
        Catalogue.all().forEach(o -> candidates.add(o.name()));
        candidates.addAll(SPECIAL_FUNCTIONS);
        unknownCallee(name, candidates);
    }

    private void reportInlineLayer(Ident name, Op op) {
        String what = op.kind() == OpKind.LOSS ? "a loss" : "a layer with parameters";
        String help = op.kind() == OpKind.LOSS ? "losses belong in the train block: `loss " + op.name() + "`"
                : "declare it beside the other layers, e.g. `fc = " + op.signature().render(op.name())
                        + "`, then call `fc(x)`";
        diags.report(Code.E0109, name.span(), "`" + op.name() + "` is " + what + " and cannot be called inline",
                r -> r.help(help));
    }

    private void unknownCallee(Ident name, List<String> candidates) {
        diags.report(Code.E0103, name.span(), "unknown layer or function `" + name.name() + "`", r -> {
            r.spanLabel("not a built-in, block or layer");
            Names.closest(name.name(), candidates).ifPresent(s -> r.help("did you mean `" + s + "`?"));
            return r;
        });
    }

    private List<String> candidatesForDeclaration() {
        List<String> out = new ArrayList<>(scope.blocks().keySet());
        Catalogue.all().forEach(o -> out.add(o.name()));
        return out;
    }

    private boolean isConstantName(String name) {
        return scope.consts().containsKey(name) || component.symbols().contains(name)
                || component.params().stream().anyMatch(p -> p.name().name().equals(name));
    }

    private List<String> visibleNames() {
        List<String> out = new ArrayList<>(variables.keySet());
        out.addAll(component.layers().keySet());
        out.addAll(scope.consts().keySet());
        component.params().forEach(p -> out.add(p.name().name()));
        return out; // dimension symbols are left out: `y` is not a typo of `N`
    }
}
