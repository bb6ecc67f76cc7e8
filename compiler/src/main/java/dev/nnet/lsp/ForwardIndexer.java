package dev.nnet.lsp;

import dev.nnet.ast.Expr;
import dev.nnet.ast.Ident;
import dev.nnet.ast.Member;
import dev.nnet.ast.Stmt;
import dev.nnet.diag.Span;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Indexes a forward body for {@link SymbolIndexer}: variables are bound in statement order, and each use points
 * at the binding it reads (a body is straight-line code, so that is the latest one before it).
 */
final class ForwardIndexer {
    private final SymbolIndexer indexer;
    private final ComponentScope scope;
    private final Map<String, Decl> variables = new HashMap<>();
    private final Map<String, Span> reaching = new HashMap<>();

    ForwardIndexer(SymbolIndexer indexer, ComponentScope scope) {
        this.indexer = indexer;
        this.scope = scope;
    }

    void run(Member.Forward f) {
        if (f.params() != null) {
            for (Ident p : f.params()) {
                Decl d = indexer.declare(Decl.Kind.VARIABLE, p, p.span(), scope.item);
                variables.putIfAbsent(p.name(), d);
                reaching.put(p.name(), p.span());
            }
        } else {
            // Without a parameter list the inputs themselves are the starting variables.
            scope.inputs.forEach((name, d) -> {
                variables.put(name, d);
                reaching.put(name, d.nameSpan());
            });
        }
        for (Stmt s : f.body()) {
            if (s instanceof Stmt.Assign a) {
                expr(a.value());
                if (a.targets().size() == 1) {
                    bind(a.targets().get(0), a, List.of());
                } else {
                    for (int i = 0; i < a.targets().size(); i++) {
                        bind(a.targets().get(i), a, List.of(i));
                    }
                }
            } else if (s instanceof Stmt.Return r) {
                r.values().forEach(this::expr);
            }
        }
    }

    private void bind(Stmt.Pattern p, Stmt.Assign a, List<Integer> path) {
        if (p instanceof Stmt.NamePattern n) {
            String name = n.name().name();
            Decl d = variables.get(name);
            if (d == null) {
                d = new Decl(Decl.Kind.VARIABLE, name, n.span(), a.span(), scope.item);
                indexer.decls.add(d);
                variables.put(name, d);
            }
            indexer.occurrences.add(new Occurrence(n.span(), new Target.Declared(d, n.span()), true, a.value(), path));
            reaching.put(name, n.span());
        } else if (p instanceof Stmt.TuplePattern t) {
            for (int i = 0; i < t.parts().size(); i++) {
                List<Integer> next = new ArrayList<>(path);
                next.add(i);
                bind(t.parts().get(i), a, next);
            }
        }
    }

    private void expr(Expr e) {
        if (e instanceof Expr.Name n) {
            name(n);
            return;
        }
        if (e instanceof Expr.Call c) {
            callee(c);
            c.args().forEach(a -> expr(a.value()));
            return;
        }
        if (e instanceof Expr.MethodCall m) {
            expr(m.receiver());
            Optional<Builtin> op = Builtin.op(m.method().name());
            op.ifPresent(b -> indexer.builtin(m.method(), b, m));
            for (Expr.Arg a : m.args()) {
                if (a.name() != null) {
                    op.ifPresent(b -> indexer.keyword(a.name(), b));
                }
                expr(a.value());
            }
            return;
        }
        SymbolIndexer.children(e).forEach(this::expr);
    }

    private void name(Expr.Name n) {
        String name = n.name().name();
        if (variables.containsKey(name)) {
            indexer.use(n.name(), variables.get(name), reaching.get(name), n);
        } else if (scope.layers.containsKey(name)) {
            indexer.use(n.name(), scope.layers.get(name), n);
        } else {
            indexer.constant(n, scope);
        }
    }

    /** Layers shadow built-ins, as in the resolver: {@code embedding = embedding(...)} declares a layer. */
    private void callee(Expr.Call c) {
        String name = c.callee().name();
        Builtin callee = null;
        if (scope.layers.containsKey(name)) {
            indexer.use(c.callee(), scope.layers.get(name), c);
            Expr value = scope.layerValues.get(name);
            Ident layerCallee = value instanceof Expr.Call lc ? lc.callee()
                    : value instanceof Expr.Name ln ? ln.name() : null;
            callee = layerCallee == null ? null : Builtin.op(layerCallee.name()).orElse(null);
        } else if (Builtin.function(name).isPresent()) {
            callee = Builtin.function(name).get();
            indexer.builtin(c.callee(), callee, c);
        } else if (indexer.blocks.containsKey(name)) {
            indexer.use(c.callee(), indexer.blocks.get(name), c);
        }
        for (Expr.Arg a : c.args()) {
            if (a.name() != null && callee != null) {
                indexer.keyword(a.name(), callee);
            }
        }
    }
}
