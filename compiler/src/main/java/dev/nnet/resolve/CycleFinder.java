package dev.nnet.resolve;

import dev.nnet.ast.Expr;
import dev.nnet.ast.Member;
import dev.nnet.diag.Code;
import dev.nnet.diag.Diagnostics;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Reports a block that instantiates itself, directly or through other blocks (E0113). */
final class CycleFinder {
    private final Scope scope;
    private final Diagnostics diags;
    private final Set<String> done = new HashSet<>();

    CycleFinder(Scope scope, Diagnostics diags) {
        this.scope = scope;
        this.diags = diags;
    }

    void run() {
        for (String block : scope.blocks().keySet()) {
            visit(block, new ArrayList<>());
        }
    }

    private void visit(String block, List<String> path) {
        if (done.contains(block)) {
            return;
        }
        if (path.contains(block)) {
            Component c = scope.blocks().get(block);
            List<String> cycle = new ArrayList<>(path.subList(path.indexOf(block), path.size()));
            cycle.add(block);
            diags.report(Code.E0113, c.item().name().span(), "block `" + block + "` instantiates itself: "
                    + String.join(" → ", cycle), r -> r.help("a block cannot contain itself; break the cycle"));
            return;
        }
        path.add(block);
        for (Expr e : declarations(scope.blocks().get(block))) {
            if (e instanceof Expr.Call c && scope.blocks().containsKey(c.callee().name())) {
                visit(c.callee().name(), path);
            }
        }
        path.remove(path.size() - 1);
        done.add(block);
    }

    static List<Expr> declarations(Component c) {
        List<Expr> out = new ArrayList<>();
        c.layers().values().forEach(l -> out.add(l.value()));
        if (c.sequential() != null) {
            c.sequential().entries().forEach(e -> out.add(e.value()));
        }
        return out;
    }
}
