package dev.nnet.lsp;

import dev.nnet.ast.Expr;
import dev.nnet.ast.Ident;
import dev.nnet.ast.Item;
import dev.nnet.ast.Member;
import dev.nnet.ast.Program;
import dev.nnet.ast.TrainStmt;
import dev.nnet.diag.Span;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Walks the AST once and records every name with what it denotes, following the resolver's rules: top-level
 * names are visible everywhere, a component sees its parameters, inputs, layers and dimension symbols, and a
 * forward body binds variables in statement order ({@link ForwardIndexer}). Works on any AST the parser
 * recovered, however incomplete.
 */
final class SymbolIndexer {
    final List<Decl> decls = new ArrayList<>();
    final List<Occurrence> occurrences = new ArrayList<>();
    private final Map<String, Decl> topLevel = new HashMap<>();
    private final Map<String, Decl> consts = new HashMap<>();
    final Map<String, Decl> blocks = new HashMap<>();
    private final Map<String, Decl> models = new HashMap<>();
    private final Map<Item, ComponentScope> scopes = new IdentityHashMap<>();

    static SymbolIndex index(Program program) {
        SymbolIndexer indexer = new SymbolIndexer();
        indexer.run(program);
        return new SymbolIndex(indexer.decls, indexer.occurrences);
    }

    private void run(Program program) {
        for (Item item : program.items()) {
            if (!(item instanceof Item.Train)) {
                topLevel(item);
            }
        }
        for (Item item : program.items()) {
            if (item instanceof Item.Block b) {
                declarations(b, b.members()).params.putAll(params(b));
            } else if (item instanceof Item.Model m) {
                declarations(m, m.members());
            }
        }
        for (Item item : program.items()) {
            if (item instanceof Item.Const c) {
                constant(c.value(), null);
            } else if (item instanceof Item.Block b) {
                bodies(scopes.get(b), b.members());
            } else if (item instanceof Item.Model m) {
                bodies(scopes.get(m), m.members());
            } else if (item instanceof Item.Train t) {
                train(t);
            }
        }
    }

    private void topLevel(Item item) {
        Decl.Kind kind = item instanceof Item.Const ? Decl.Kind.CONST
                : item instanceof Item.Block ? Decl.Kind.BLOCK : Decl.Kind.MODEL;
        Decl d = declare(kind, item.name(), item.span(), item);
        // Like the resolver, the first of two same-named items is the one every use means.
        if (topLevel.putIfAbsent(d.name(), d) == null) {
            (kind == Decl.Kind.CONST ? consts : kind == Decl.Kind.BLOCK ? blocks : models).put(d.name(), d);
        }
    }

    private Map<String, Decl> params(Item.Block b) {
        Map<String, Decl> out = new LinkedHashMap<>();
        for (Item.Param p : b.params()) {
            out.putIfAbsent(p.name().name(), declare(Decl.Kind.PARAM, p.name(), p.span(), b));
        }
        return out;
    }

    private ComponentScope declarations(Item item, List<Member> members) {
        ComponentScope scope = new ComponentScope(item);
        scopes.put(item, scope);
        for (Member m : members) {
            if (m instanceof Member.Input in) {
                scope.inputs.putIfAbsent(in.name().name(), declare(Decl.Kind.INPUT, in.name(), in.span(), item));
            } else if (m instanceof Member.Layer l) {
                layer(scope, l.name(), l.value(), l.span());
            } else if (m instanceof Member.Sequential s) {
                for (Member.SeqEntry e : s.entries()) {
                    if (e.name() != null) {
                        layer(scope, e.name(), e.value(), e.span());
                    }
                }
            }
        }
        return scope;
    }

    private void layer(ComponentScope scope, Ident name, Expr value, Span span) {
        if (scope.layers.putIfAbsent(name.name(), declare(Decl.Kind.LAYER, name, span, scope.item)) == null) {
            scope.layerValues.put(name.name(), value);
        }
    }

    Decl declare(Decl.Kind kind, Ident name, Span declSpan, Item owner) {
        Decl d = new Decl(kind, name.name(), name.span(), declSpan, owner);
        decls.add(d);
        occurrences.add(new Occurrence(name.span(), new Target.Declared(d, name.span()), true, null));
        return d;
    }

    void use(Ident name, Decl d, Span definition, Expr value) {
        occurrences.add(new Occurrence(name.span(), new Target.Declared(d, definition), false, value));
    }

    void use(Ident name, Decl d, Expr value) {
        use(name, d, d.nameSpan(), value);
    }

    void builtin(Ident name, Builtin b, Expr value) {
        builtin(name, b, value, null);
    }

    private void builtin(Ident name, Builtin b, Expr value, Span declaration) {
        occurrences.add(new Occurrence(name.span(), new Target.BuiltinRef(b, declaration), false, value));
    }

    // ---- model and block bodies ----------------------------------------------------------------------

    private void bodies(ComponentScope scope, List<Member> members) {
        for (Member m : members) {
            if (m instanceof Member.Input in) {
                in.dims().forEach(d -> dimension(d, scope));
            } else if (m instanceof Member.Layer l) {
                declaration(l.value(), l.span(), scope);
            } else if (m instanceof Member.Sequential s) {
                s.entries().forEach(e -> declaration(e.value(), e.span(), scope));
            } else if (m instanceof Member.Forward f) {
                new ForwardIndexer(this, scope).run(f);
            }
        }
    }

    /** An input dimension: a constant, or a symbol whose first appearance declares it. */
    private void dimension(Expr e, ComponentScope scope) {
        if (e instanceof Expr.Name n && !consts.containsKey(n.name().name())) {
            Decl d = scope.dims.get(n.name().name());
            if (d == null) {
                scope.dims.put(n.name().name(), declare(Decl.Kind.DIMENSION, n.name(), n.span(), scope.item));
            } else {
                use(n.name(), d, n);
            }
        } else if (e instanceof Expr.Binary b) {
            dimension(b.left(), scope);
            dimension(b.right(), scope);
        } else if (e instanceof Expr.Negate n) {
            dimension(n.operand(), scope);
        } else {
            constant(e, scope);
        }
    }

    /**
     * A layer declaration's value: a built-in or block, called or bare, with constant arguments. {@code declSpan}
     * is the whole declaration, which names the layer instances the checker made of it.
     */
    private void declaration(Expr value, Span declSpan, ComponentScope scope) {
        Ident callee = value instanceof Expr.Call c ? c.callee() : value instanceof Expr.Name n ? n.name() : null;
        if (callee == null) {
            constant(value, scope);
            return;
        }
        Optional<Builtin> op = Builtin.op(callee.name());
        Decl block = blocks.get(callee.name());
        if (op.isPresent()) {
            builtin(callee, op.get(), value, declSpan);
        } else if (block != null) {
            use(callee, block, value);
        }
        if (value instanceof Expr.Call c) {
            ComponentScope blockComponentScope = block == null ? null : scopes.get(block.owner());
            for (Expr.Arg a : c.args()) {
                if (a.name() != null && op.isPresent()) {
                    keyword(a.name(), op.get());
                } else if (a.name() != null && blockComponentScope != null && blockComponentScope.params.containsKey(a.name().name())) {
                    use(a.name(), blockComponentScope.params.get(a.name().name()), null);
                }
                constant(a.value(), scope);
            }
        }
    }

    void keyword(Ident name, Builtin callee) {
        if (callee.inputs().contains(name.name())) {
            occurrences.add(new Occurrence(name.span(), new Target.Keyword(callee, name.name(), null), false, null));
        } else {
            callee.param(name.name()).ifPresent(p -> occurrences.add(
                    new Occurrence(name.span(), new Target.Keyword(callee, name.name(), p), false, null)));
        }
    }

    /** A compile-time expression: names are block parameters, constants or dimension symbols. */
    void constant(Expr e, ComponentScope scope) {
        if (e instanceof Expr.Name n) {
            String name = n.name().name();
            Decl d = scope != null && scope.params.containsKey(name) ? scope.params.get(name)
                    : consts.containsKey(name) ? consts.get(name)
                    : scope != null ? scope.dims.get(name) : null;
            if (d != null) {
                use(n.name(), d, n);
            }
        } else {
            children(e).forEach(c -> constant(c, scope));
        }
    }

    /** Sub-expressions, for walks that treat every kind of node alike. */
    static List<Expr> children(Expr e) {
        List<Expr> out = new ArrayList<>();
        if (e instanceof Expr.Call c) {
            c.args().forEach(a -> out.add(a.value()));
        } else if (e instanceof Expr.MethodCall m) {
            out.add(m.receiver());
            m.args().forEach(a -> out.add(a.value()));
        } else if (e instanceof Expr.Index i) {
            out.add(i.target());
            out.add(i.index());
        } else if (e instanceof Expr.Slice sl) {
            out.add(sl.target());
            for (Expr.Subscript sub : sl.subscripts()) {
                if (sub.start() != null) {
                    out.add(sub.start());
                }
                if (sub.stop() != null) {
                    out.add(sub.stop());
                }
            }
        } else if (e instanceof Expr.Negate n) {
            out.add(n.operand());
        } else if (e instanceof Expr.Binary b) {
            out.add(b.left());
            out.add(b.right());
        } else if (e instanceof Expr.ListLit l) {
            out.addAll(l.elements());
        } else if (e instanceof Expr.TupleLit t) {
            out.addAll(t.elements());
        }
        return out;
    }

    // ---- train blocks ------------------------------------------------------------------------------

    private void train(Item.Train t) {
        Decl model = models.get(t.name().name());
        if (model != null) {
            use(t.name(), model, null);
        }
        ComponentScope scope = model == null ? null : scopes.get(model.owner());
        Map<String, Decl> data = new HashMap<>();
        for (TrainStmt s : t.stmts()) {
            if (s instanceof TrainStmt.Data d) {
                data.putIfAbsent(d.name().name(), declare(Decl.Kind.DATA, d.name(), d.span(), t));
            }
        }
        for (TrainStmt s : t.stmts()) {
            if (s instanceof TrainStmt.Data d) {
                trainCall(d.source(), Builtin.Category.DATA_SOURCE);
            } else if (s instanceof TrainStmt.Loss l) {
                loss(l.value());
            } else if (s instanceof TrainStmt.Optimizer o) {
                trainCall(o.value(), Builtin.Category.OPTIMIZER);
            } else if (s instanceof TrainStmt.Epochs e) {
                constant(e.value(), null);
            } else if (s instanceof TrainStmt.Seed e) {
                constant(e.value(), null);
            } else if (s instanceof TrainStmt.Batch b && b.size() != null) {
                constant(b.size(), null);
            } else if (s instanceof TrainStmt.Evaluate e && data.containsKey(e.dataset().name())) {
                use(e.dataset(), data.get(e.dataset().name()), null);
            } else if (s instanceof TrainStmt.Init i) {
                initTarget(i.target(), scope);
                trainCall(i.value(), Builtin.Category.INITIALIZER);
            }
        }
    }

    /** {@code init rblock1.conv1.weight}: each name is a layer of the component the previous one instantiates. */
    private void initTarget(List<Ident> path, ComponentScope scope) {
        ComponentScope current = scope;
        for (Ident part : path) {
            if (current == null || !current.layers.containsKey(part.name())) {
                return;
            }
            use(part, current.layers.get(part.name()), null);
            Expr value = current.layerValues.get(part.name());
            Ident callee = value instanceof Expr.Call c ? c.callee() : value instanceof Expr.Name n ? n.name() : null;
            Decl block = callee == null ? null : blocks.get(callee.name());
            current = block == null ? null : scopes.get(block.owner());
        }
    }

    private void loss(Expr e) {
        Ident callee = e instanceof Expr.Call c ? c.callee() : e instanceof Expr.Name n ? n.name() : null;
        if (callee != null) {
            Builtin.op(callee.name()).ifPresent(b -> {
                builtin(callee, b, null);
                if (e instanceof Expr.Call c) {
                    c.args().stream().filter(a -> a.name() != null).forEach(a -> keyword(a.name(), b));
                }
            });
            return;
        }
        children(e).forEach(this::loss);
    }

    /** A data source (whose positional calls are transforms), optimizer or initializer, called or bare. */
    private void trainCall(Expr e, Builtin.Category category) {
        Ident callee = e instanceof Expr.Call c ? c.callee() : e instanceof Expr.Name n ? n.name() : null;
        if (callee == null) {
            constant(e, null);
            return;
        }
        Optional<Builtin> b = switch (category) {
            case DATA_SOURCE -> Builtin.dataSource(callee.name());
            case TRANSFORM -> Builtin.transform(callee.name());
            case OPTIMIZER -> Builtin.optimizer(callee.name());
            default -> Builtin.initializer(callee.name());
        };
        b.ifPresent(found -> builtin(callee, found, null));
        if (e instanceof Expr.Call c) {
            for (Expr.Arg a : c.args()) {
                if (a.name() != null) {
                    b.ifPresent(found -> keyword(a.name(), found));
                }
                if (category == Builtin.Category.DATA_SOURCE && a.name() == null && a.value() instanceof Expr.Call) {
                    trainCall(a.value(), Builtin.Category.TRANSFORM);
                } else {
                    constant(a.value(), null);
                }
            }
        }
    }
}
