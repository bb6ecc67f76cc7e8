package dev.nnet.lsp;

import dev.nnet.ast.Expr;
import dev.nnet.check.Fact;
import dev.nnet.check.Instance;
import dev.nnet.check.LayerInstance;
import dev.nnet.check.SummaryRow;
import dev.nnet.check.TypedModel;
import dev.nnet.check.TypedProgram;
import dev.nnet.diag.Span;
import dev.nnet.types.Value;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The checker's results by source location: the value of every expression in every component instance (a
 * block used twice has two), and every layer instance with its outputs.
 */
final class FactIndex {
    /** One inferred value; {@code where} names the instance, e.g. {@code Net} or {@code Net.rblock1}. */
    record Seen(String where, Value value) {
    }

    /** One instance of a declared layer, with the value of each of its applications. */
    record Layer(String model, LayerInstance instance, List<Value> outputs) {
    }

    private final Map<Expr, List<Seen>> values = new IdentityHashMap<>();
    private final List<Expr> exprs = new ArrayList<>();
    private final List<Layer> layers = new ArrayList<>();
    private final TypedProgram typed;

    private FactIndex(TypedProgram typed) {
        this.typed = typed;
    }

    static FactIndex of(TypedProgram typed) {
        FactIndex index = new FactIndex(typed);
        for (TypedModel m : typed.models()) {
            for (Fact f : m.facts()) {
                String where = f.context().isEmpty() ? m.name() : m.name() + "." + f.context();
                List<Seen> seen = index.values.computeIfAbsent(f.expr(), e -> {
                    index.exprs.add(e);
                    return new ArrayList<>();
                });
                seen.add(new Seen(where, f.value()));
            }
            index.layers(m, m.instance());
        }
        return index;
    }

    private void layers(TypedModel m, Instance inst) {
        for (LayerInstance li : inst.layers().values()) {
            List<Value> outputs = new ArrayList<>();
            for (SummaryRow row : m.rows()) {
                if (row.layer() == li) {
                    outputs.add(row.output());
                }
            }
            layers.add(new Layer(m.name(), li, outputs));
            if (li.block() != null) {
                layers(m, li.block());
            }
        }
    }

    TypedProgram typed() {
        return typed;
    }

    /** The value of an expression in each instance that evaluated it; empty if none did (e.g. an unused block). */
    List<Seen> valuesOf(Expr e) {
        return e == null ? List.of() : values.getOrDefault(e, List.of());
    }

    /** The smallest checked expression containing the offset. */
    Optional<Expr> innermost(int offset) {
        Expr best = null;
        for (Expr e : exprs) {
            Span s = e.span();
            if (s.contains(offset) && (best == null || s.end() - s.start() < best.span().end() - best.span().start())) {
                best = e;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Every instance of the layer declared at {@code declSpan} (one per use of its block), in model order. */
    List<Layer> layersDeclaredAt(Span declSpan) {
        return layers.stream().filter(l -> l.instance().declSpan().equals(declSpan)).toList();
    }

    /** Every layer instance that instantiates the named block. */
    List<Layer> instancesOfBlock(String block) {
        return layers.stream().filter(l -> l.instance().block() != null
                && l.instance().block().component().name().equals(block)).toList();
    }

    Optional<TypedModel> model(String name) {
        return typed.model(name);
    }
}
