package dev.nnet.lsp;

import dev.nnet.check.TrainBuiltins;
import dev.nnet.ops.Catalogue;
import dev.nnet.ops.Op;
import dev.nnet.ops.OpKind;
import dev.nnet.ops.ParamSpec;
import dev.nnet.ops.Signature;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Anything built in that a name can denote, with what hover and completion show for it: the catalogue's ops,
 * what a train block names (data sources, transforms, optimizers, initializers) and {@code scan}. The tables
 * themselves stay in {@link Catalogue} and {@link TrainBuiltins}; this only gives them one shape.
 *
 * @param op     the catalogue op, or null for a train-block built-in or {@code scan}
 * @param inputs the tensor inputs of an application, before the signature's options
 */
record Builtin(String name, Category category, Op op, Signature signature, List<String> inputs, String doc) {
    enum Category {
        LAYER("layer"), FUNCTION("function"), LOSS("loss"), DATA_SOURCE("data source"), TRANSFORM("transform"),
        OPTIMIZER("optimizer"), INITIALIZER("initializer");

        final String label;

        Category(String label) {
            this.label = label;
        }
    }

    static final Builtin SCAN = new Builtin("scan", Category.FUNCTION, null, Signature.of(),
            List.of("cell", "xs", "h0"), "Steps a recurrent cell (an `rnn_cell` layer) over the first dimension of "
                    + "`xs`, starting from `h0`: `hs, h = scan(cell, xs, h0)` gives every step's hidden state "
                    + "stacked, and the last one.");

    static final Builtin TENSORS = new Builtin("tensors", Category.DATA_SOURCE, null, Signature.of(), List.of(),
            "A small data set written inline: one keyword per model input, then `target`, each a nested list, e.g. "
                    + "`tensors(x=[[1.0], [2.0]], target=[[2.0], [4.0]])`.");

    static Optional<Builtin> op(String name) {
        return Catalogue.lookup(name).map(Builtin::of);
    }

    static Builtin of(Op op) {
        Category c = switch (op.kind()) {
            case PARAMETRIC, STATELESS -> Category.LAYER;
            case FUNCTION -> Category.FUNCTION;
            case LOSS -> Category.LOSS;
        };
        return new Builtin(op.name(), c, op, op.signature(), op.inputs(), op.doc());
    }

    /** What a name means where a forward body calls it: a catalogue op or {@code scan}. */
    static Optional<Builtin> function(String name) {
        return name.equals(SCAN.name()) ? Optional.of(SCAN) : op(name);
    }

    static Optional<Builtin> dataSource(String name) {
        if (name.equals(TENSORS.name())) {
            return Optional.of(TENSORS);
        }
        return table(TrainBuiltins.dataSources(), name, Category.DATA_SOURCE, "Reads a data set.");
    }

    static Optional<Builtin> transform(String name) {
        return table(TrainBuiltins.transforms(), name, Category.TRANSFORM, "A transform applied to each sample.");
    }

    static Optional<Builtin> optimizer(String name) {
        return table(TrainBuiltins.optimizers(), name, Category.OPTIMIZER, "Updates the parameters after each "
                + "batch, with PyTorch's semantics and defaults.");
    }

    static Optional<Builtin> initializer(String name) {
        return table(TrainBuiltins.initializers(), name, Category.INITIALIZER, "Initializes a parameter before "
                + "training, in place of PyTorch's default.");
    }

    /** Every built-in of one category, by name. */
    static List<Builtin> all(Category category) {
        List<Builtin> out = new ArrayList<>();
        switch (category) {
            case LAYER, FUNCTION, LOSS -> Catalogue.all().stream().map(Builtin::of)
                    .filter(b -> b.category() == category).forEach(out::add);
            case DATA_SOURCE -> {
                TrainBuiltins.dataSources().keySet().forEach(n -> dataSource(n).ifPresent(out::add));
                out.add(TENSORS);
            }
            case TRANSFORM -> TrainBuiltins.transforms().keySet().forEach(n -> transform(n).ifPresent(out::add));
            case OPTIMIZER -> TrainBuiltins.optimizers().keySet().forEach(n -> optimizer(n).ifPresent(out::add));
            case INITIALIZER -> TrainBuiltins.initializers().keySet()
                    .forEach(n -> initializer(n).ifPresent(out::add));
        }
        if (category == Category.FUNCTION) {
            out.add(SCAN);
        }
        out.sort(java.util.Comparator.comparing(Builtin::name));
        return out;
    }

    private static Optional<Builtin> table(Map<String, Signature> table, String name, Category c, String doc) {
        Signature sig = table.get(name);
        return sig == null ? Optional.empty() : Optional.of(new Builtin(name, c, null, sig, List.of(), doc));
    }

    /** Whether a layer declaration may name it: a PARAMETRIC or STATELESS op. */
    boolean isLayer() {
        return op != null && (op.kind() == OpKind.PARAMETRIC || op.kind() == OpKind.STATELESS);
    }

    /** Whether a forward body may call it directly: a parameter-free op or {@code scan}. */
    boolean isCallable() {
        return this == SCAN || op != null && (op.kind() == OpKind.STATELESS || op.kind() == OpKind.FUNCTION);
    }

    /** How a declaration or a train setting writes it: {@code linear(in_features, out_features, bias=true)}. */
    String declarationUsage() {
        return signature.render(name);
    }

    /** How a forward body calls it: tensor inputs first, then options, e.g. {@code concat(tensors, dim=0)}. */
    String callUsage() {
        String options = signature.render("");
        options = options.substring(1, options.length() - 1);
        List<String> parts = new ArrayList<>(inputs);
        if (!options.isEmpty()) {
            parts.add(options);
        }
        return name + "(" + String.join(", ", parts) + ")";
    }

    /** The parameter a keyword names, by its name or an alias ({@code kernel} for {@code kernel_size}). */
    Optional<ParamSpec> param(String keyword) {
        return signature.find(keyword);
    }
}
