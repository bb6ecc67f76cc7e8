package dev.nnet.lsp;

import dev.nnet.ast.Expr;
import dev.nnet.ast.Item;
import dev.nnet.check.LayerInstance;
import dev.nnet.check.TypedModel;
import dev.nnet.diag.Span;
import dev.nnet.ops.OpKind;
import dev.nnet.ops.ParamSpec;
import dev.nnet.ops.ParamTensor;
import dev.nnet.types.Value;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.MarkupContent;
import org.eclipse.lsp4j.MarkupKind;

/**
 * Hover: for a name, what it is (variable, layer, model, built-in...) with its inferred shape and element type,
 * a layer's parameters and count, a built-in's signature and documentation; for any other expression, its
 * inferred value. A block used twice is checked twice, so its names show one value per use when they differ.
 */
final class Hovers {
    private final Analysis analysis;
    private final FactIndex facts;
    private final StringBuilder md = new StringBuilder();

    private Hovers(Analysis analysis) {
        this.analysis = analysis;
        this.facts = analysis.facts();
    }

    /** The hover at an offset, or null when there is nothing there to describe. */
    static Hover at(Analysis analysis, int offset) {
        return new Hovers(analysis).hover(offset);
    }

    private Hover hover(int offset) {
        Optional<Occurrence> occ = analysis.symbols().at(offset);
        Span range;
        if (occ.isPresent()) {
            occurrence(occ.get());
            range = occ.get().span();
        } else {
            Optional<Expr> e = facts.innermost(offset);
            if (e.isEmpty()) {
                return null;
            }
            values(null, facts.valuesOf(e.get()));
            range = e.get().span();
        }
        if (md.length() == 0) {
            return null;
        }
        return new Hover(new MarkupContent(MarkupKind.MARKDOWN, md.toString().strip()), LineMap.range(range));
    }

    private void occurrence(Occurrence o) {
        Target t = o.target();
        if (t instanceof Target.Declared d) {
            declared(o, d.decl());
        } else if (t instanceof Target.BuiltinRef b) {
            builtin(b.builtin(), facts.valuesOf(o.value()));
            if (b.declaration() != null && b.builtin().op().kind() == OpKind.PARAMETRIC) {
                // The callee of a declaration (an unnamed sequential entry has no other name to hover).
                md.append('\n');
                facts.layersDeclaredAt(b.declaration()).stream().map(FactIndex.Layer::instance).distinct()
                        .forEach(this::parameters);
            }
        } else if (t instanceof Target.Keyword k) {
            keyword(k);
        }
    }

    private void declared(Occurrence o, Decl d) {
        switch (d.kind()) {
            case VARIABLE -> values("(variable) " + d.name(), valuesOf(o, d));
            case INPUT -> values("(input) " + d.name(), o.declaration() ? inputValue(d) : valuesOf(o, d));
            case LAYER -> layer(o, d);
            case BLOCK -> block(o, d);
            case MODEL -> model(d);
            case PARAM -> param(d);
            case CONST, DATA -> code(source(d.declSpan()));
            case DIMENSION -> {
                code("(dimension symbol) " + d.name());
                md.append("A size fixed per batch, not when the model is written; shapes that depend on it are "
                        + "checked for every value.\n");
            }
        }
    }

    /**
     * What a variable holds here: a use reads its own fact, an assignment target takes its part of the right-hand
     * side, and a forward parameter (which has neither) shows what its first use receives.
     */
    private List<FactIndex.Seen> valuesOf(Occurrence o, Decl d) {
        if (o.value() != null) {
            List<FactIndex.Seen> out = new ArrayList<>();
            for (FactIndex.Seen s : facts.valuesOf(o.value())) {
                out.add(new FactIndex.Seen(s.where(), ValueText.part(s.value(), o.part())));
            }
            return out;
        }
        return analysis.symbols().references(d).stream()
                .filter(r -> !r.declaration() && r.value() != null && r.span().start() > o.span().start())
                .findFirst().map(r -> facts.valuesOf(r.value())).orElse(List.of());
    }

    private List<FactIndex.Seen> inputValue(Decl d) {
        return facts.model(d.owner().name().name()).map(m -> m.inputs().get(d.name()))
                .map(t -> List.of(new FactIndex.Seen(d.owner().name().name(), new Value.Tensor(t))))
                .orElse(List.of());
    }

    /** {@code label: value}, or one line per instance when the instances disagree. */
    private void values(String label, List<FactIndex.Seen> seen) {
        if (seen.isEmpty()) {
            if (label != null) {
                code(label);
                md.append("Its shape is not known: it is in a block no model uses, or after an error.\n");
            }
            return;
        }
        String prefix = label == null ? "" : label + ": ";
        Map<String, List<String>> byValue = new LinkedHashMap<>();
        for (FactIndex.Seen s : seen) {
            byValue.computeIfAbsent(ValueText.of(s.value()), k -> new ArrayList<>()).add(s.where());
        }
        if (byValue.size() == 1) {
            code(prefix + byValue.keySet().iterator().next());
            return;
        }
        List<String> lines = new ArrayList<>();
        byValue.forEach((value, where) -> lines.add(prefix + value + "  // in " + String.join(", ", where)));
        code(String.join("\n", lines));
    }

    private void layer(Occurrence o, Decl d) {
        List<FactIndex.Layer> instances = facts.layersDeclaredAt(d.declSpan());
        if (instances.isEmpty()) {
            code("(layer) " + source(d.declSpan()));
            md.append("Not checked: it is in a block no model uses, or its declaration has an error.\n");
            return;
        }
        Map<String, List<FactIndex.Layer>> byDeclaration = new LinkedHashMap<>();
        for (FactIndex.Layer l : instances) {
            byDeclaration.computeIfAbsent(declaration(l.instance()), k -> new ArrayList<>()).add(l);
        }
        List<String> lines = new ArrayList<>();
        byDeclaration.forEach((text, ls) -> lines.add(text + (byDeclaration.size() > 1 ? "  // in "
                + String.join(", ", ls.stream().map(l -> l.model() + "." + l.instance().path()).toList()) : "")));
        code(String.join("\n", lines));
        List<FactIndex.Seen> outputs = new ArrayList<>();
        if (o.value() != null && !o.declaration()) {
            // A layer passed as an argument (`scan(cell, ...)`) has no output of its own here.
            facts.valuesOf(o.value()).stream().filter(v -> !(v.value() instanceof Value.LayerRef))
                    .forEach(outputs::add);
        } else {
            instances.forEach(l -> l.outputs().forEach(v -> outputs.add(new FactIndex.Seen(
                    l.model() + "." + l.instance().path(), v))));
        }
        if (!outputs.isEmpty()) {
            md.append("Output: ");
            inline(outputs);
        }
        byDeclaration.values().forEach(ls -> parameters(ls.get(0).instance()));
        LayerInstance first = instances.get(0).instance();
        if (first.op() != null) {
            md.append("\n---\n").append(first.op().doc()).append('\n');
        }
    }

    /** {@code fc1 = linear(in_features=400, out_features=120, bias=true)}: every argument, as bound. */
    private static String declaration(LayerInstance l) {
        String callee = l.op() != null ? l.op().name() : l.block().component().name();
        return l.label() + " = " + callee + "(" + l.args() + ")";
    }

    private void parameters(LayerInstance l) {
        if (!l.parametersKnown()) {
            md.append("Parameters: not known until its input sizes are.\n\n");
            return;
        }
        List<ParamTensor> ps = l.parameters();
        md.append("Parameters: ").append(ValueText.count(l.parameterCount()));
        if (!ps.isEmpty() && ps.size() <= 8) {
            md.append(" (").append(String.join(", ", ps.stream().map(Hovers::tensor).toList())).append(')');
        } else if (!ps.isEmpty()) {
            // A stacked or bidirectional recurrent layer has 8 tensors per layer: name the first layer's, then count.
            md.append(" in ").append(ps.size()).append(" tensors (").append(String.join(", ", ps.subList(0, 4)
                    .stream().map(Hovers::tensor).toList())).append(", …, ").append(tensor(ps.get(ps.size() - 1)))
                    .append(')');
        }
        md.append("\n\n");
    }

    private static String tensor(ParamTensor p) {
        return "`" + p.name() + "` " + p.shape();
    }

    private void block(Occurrence o, Decl d) {
        Item.Block b = (Item.Block) d.owner();
        List<String> params = b.params().stream().map(p -> source(p.span())).toList();
        code("block " + d.name() + "(" + String.join(", ", params) + ")");
        if (o.value() != null && !o.declaration()) {
            List<FactIndex.Seen> out = facts.valuesOf(o.value());
            if (!out.isEmpty()) {
                md.append("Output: ");
                inline(out);
            }
        }
        for (FactIndex.Layer l : facts.instancesOfBlock(d.name())) {
            md.append("- `").append(l.model()).append('.').append(l.instance().path()).append("` = ")
                    .append(l.instance().block().signatureText()).append(": ")
                    .append(ValueText.count(l.instance().parameterCount())).append(" parameters\n");
        }
    }

    private void model(Decl d) {
        Optional<TypedModel> typed = facts.model(d.name());
        if (typed.isEmpty()) {
            code("model " + d.name());
            return;
        }
        TypedModel m = typed.get();
        List<String> inputs = new ArrayList<>();
        m.inputs().forEach((name, t) -> inputs.add(name + ": " + ValueText.tensor(t)));
        code("model " + d.name() + "(" + String.join(", ", inputs) + ") -> " + ValueText.of(m.output()));
        long total = m.instance().layers().values().stream().mapToLong(LayerInstance::parameterCount).sum();
        md.append("Parameters: ").append(ValueText.count(total)).append(" in ")
                .append(m.instance().layers().size()).append(" layers\n");
    }

    private void param(Decl d) {
        code("(block parameter) " + source(d.declSpan()));
        for (FactIndex.Layer l : facts.instancesOfBlock(d.owner().name().name())) {
            md.append("- `").append(l.model()).append('.').append(l.instance().path()).append("`: ")
                    .append(ValueText.of(l.instance().args().get(d.name()))).append('\n');
        }
    }

    private void builtin(Builtin b, List<FactIndex.Seen> applied) {
        boolean called = !applied.isEmpty() && b.isCallable();
        code((called ? b.callUsage() : b.declarationUsage()) + (applied.isEmpty() ? ""
                : " -> " + String.join(" | ", applied.stream().map(s -> ValueText.of(s.value())).distinct().toList())));
        md.append("Built-in ").append(b.category().label).append(". ").append(b.doc()).append("\n\n");
        for (ParamSpec p : b.signature().params()) {
            md.append("- `").append(p.name()).append('`');
            if (!p.aliases().isEmpty()) {
                md.append(" (or `").append(String.join("`, `", p.aliases())).append("`)");
            }
            md.append(": ").append(accepts(p));
            if (!p.doc().isEmpty()) {
                md.append(", ").append(p.doc());
            }
            md.append('\n');
        }
    }

    private void keyword(Target.Keyword k) {
        if (k.param() == null) {
            code("(input) " + k.keyword());
            md.append("Tensor input `").append(k.keyword()).append("` of `").append(k.callee().name())
                    .append("`.\n");
            return;
        }
        ParamSpec p = k.param();
        String shown = p.name() + (p.defaultValue() != null ? " = " + Value.describe(p.defaultValue()) : "");
        code("(parameter) " + shown);
        md.append("Parameter of `").append(k.callee().name()).append("`: ").append(accepts(p));
        md.append(p.doc().isEmpty() ? ".\n" : ". " + Character.toUpperCase(p.doc().charAt(0)) + p.doc().substring(1)
                + (p.doc().endsWith(".") ? "\n" : ".\n"));
    }

    /** What a parameter accepts: its kind, or its words when it takes one of a fixed set. */
    private static String accepts(ParamSpec p) {
        return p.words().isEmpty() ? p.kind().description() : "one of `" + String.join("`, `", p.words()) + "`";
    }

    private void inline(List<FactIndex.Seen> seen) {
        md.append(String.join(" | ", seen.stream().map(s -> "`" + ValueText.of(s.value()) + "`").distinct()
                .toList())).append("\n\n");
    }

    private void code(String text) {
        md.append("```nnet\n").append(text).append("\n```\n");
    }

    private String source(Span s) {
        String text = analysis.document().text();
        return text.substring(Math.min(s.start(), text.length()), Math.min(s.end(), text.length()));
    }
}
