package dev.nnet.lsp;

import dev.nnet.ast.Expr;
import dev.nnet.ast.Ident;
import dev.nnet.ast.Item;
import dev.nnet.ast.Member;
import dev.nnet.ast.Stmt;
import dev.nnet.ast.TrainStmt;
import dev.nnet.check.LayerInstance;
import dev.nnet.check.TrainBuiltins;
import dev.nnet.check.TypedModel;
import dev.nnet.check.TypedProgram;
import dev.nnet.ops.ParamSpec;
import dev.nnet.types.Value;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.lsp4j.CompletionItem;

/**
 * Completion: built-in layers and functions as snippets of their signatures, the names in scope at the cursor,
 * the keyword arguments of the call the cursor is in, and the keywords and built-ins each kind of body allows.
 */
final class Completions {
    private final Analysis analysis;
    private final CursorContext cx;
    private final CompletionItems items;

    private Completions(Analysis analysis, CursorContext cx, CompletionItems items) {
        this.analysis = analysis;
        this.cx = cx;
        this.items = items;
    }

    static List<CompletionItem> at(Analysis analysis, int offset, boolean snippets) {
        String text = analysis.document().text();
        if (CursorContext.inCommentOrString(text, offset)) {
            return List.of();
        }
        CursorContext cx = CursorContext.at(text, offset);
        CompletionItems items = new CompletionItems(analysis.document().lines().position(cx.wordStart()),
                analysis.document().lines().position(offset), snippets);
        new Completions(analysis, cx, items).collect();
        return items.list();
    }

    private void collect() {
        if (cx.afterDot()) {
            if (cx.region() == CursorContext.Region.FORWARD) {
                Builtin.all(Builtin.Category.LAYER).stream().filter(Builtin::isCallable).forEach(items::method);
                Builtin.all(Builtin.Category.FUNCTION).stream().filter(b -> b.op() != null && !b.inputs().isEmpty())
                        .forEach(items::method);
            } else if (cx.region() == CursorContext.Region.TRAIN && cx.beforeLast(2).equals("init")) {
                initParameters(cx.beforeLast(1));
            }
            return;
        }
        if (cx.call() != null) {
            arguments(cx.call());
            return;
        }
        switch (cx.region()) {
            case TOP -> List.of("model", "block", "train", "const").forEach(items::keyword);
            case COMPONENT -> {
                if (cx.last().equals("=")) {
                    layerValues();
                } else if (!cx.last().equals(":") && !cx.last().equals("[") && !cx.last().equals(",")) {
                    List.of("input", "forward", "sequential").forEach(items::keyword);
                } else {
                    constants();
                }
            }
            case SEQUENTIAL -> layerValues();
            case FORWARD -> {
                expressionNames();
                items.keyword("return");
            }
            case TRAIN -> trainSetting();
            default -> {
            }
        }
    }

    // ---- inside an argument list ---------------------------------------------------------------------

    private void arguments(CursorContext.OpenCall call) {
        Optional<Builtin> callee = callee(call);
        if (call.keyword() != null) {
            List<String> words = callee.flatMap(b -> b.param(call.keyword())).map(ParamSpec::words).orElse(List.of());
            if (!words.isEmpty()) {
                words.forEach(items::word);
                return;
            }
        } else if (call.argStart() || !cx.prefix().isEmpty()) {
            callee.ifPresent(b -> keywords(b, call));
            blockCallee(call).ifPresent(b -> {
                for (int i = call.positional(); i < b.params().size(); i++) {
                    String name = b.params().get(i).name().name();
                    if (!call.given().contains(name)) {
                        items.keywordArgument(name, "parameter of block " + b.name().name(), "");
                    }
                }
            });
        }
        if (cx.region() == CursorContext.Region.FORWARD) {
            expressionNames();
        } else if (cx.region() == CursorContext.Region.TRAIN && callee.isPresent()
                && callee.get().category() == Builtin.Category.DATA_SOURCE && call.keyword() == null) {
            Builtin.all(Builtin.Category.TRANSFORM).forEach(items::builtin);
        } else {
            constants();
        }
    }

    /** The built-in a call names, read the way its region reads it; a layer stands for its op. */
    private Optional<Builtin> callee(CursorContext.OpenCall call) {
        String name = call.callee();
        return switch (cx.region()) {
            case FORWARD -> {
                Optional<Expr> layer = component().flatMap(c -> layerValue(c, name));
                if (!call.method() && layer.isPresent()) {
                    Ident op = calleeOf(layer.get());
                    yield op == null ? Optional.empty() : Builtin.op(op.name());
                }
                yield Builtin.function(name);
            }
            case TRAIN -> Builtin.dataSource(name).or(() -> Builtin.transform(name))
                    .or(() -> Builtin.optimizer(name)).or(() -> Builtin.initializer(name)).or(() -> Builtin.op(name));
            default -> Builtin.op(name);
        };
    }

    private Optional<Item.Block> blockCallee(CursorContext.OpenCall call) {
        if (cx.region() != CursorContext.Region.COMPONENT && cx.region() != CursorContext.Region.SEQUENTIAL) {
            return Optional.empty();
        }
        return items().stream().filter(i -> i instanceof Item.Block && i.name().name().equals(call.callee()))
                .map(i -> (Item.Block) i).findFirst();
    }

    /**
     * Keyword arguments not yet given, by keyword or by position: tensor inputs where a body applies it (inputs
     * come first, a method's receiver being the first), options everywhere else.
     */
    private void keywords(Builtin b, CursorContext.OpenCall call) {
        int filled = call.positional();
        if (cx.region() == CursorContext.Region.FORWARD) {
            boolean layer = component().flatMap(c -> layerValue(c, call.callee())).isPresent() && !call.method();
            int skip = Math.min(b.inputs().size(), filled + (call.method() ? 1 : 0));
            for (String input : b.inputs().subList(skip, b.inputs().size())) {
                if (!call.given().contains(input)) {
                    items.keywordArgument(input, "tensor input of " + b.name(), "");
                }
            }
            if (layer) {
                return; // a declared layer's options were fixed by its declaration
            }
            filled = Math.max(0, filled + (call.method() ? 1 : 0) - b.inputs().size());
        }
        List<ParamSpec> params = b.signature().params();
        for (int i = 0; i < params.size(); i++) {
            ParamSpec p = params.get(i);
            if (i >= filled && call.given().stream().noneMatch(p::answersTo)) {
                String detail = p.kind().description() + (p.defaultValue() != null ? ", default "
                        + Value.describe(p.defaultValue()) : "");
                items.keywordArgument(p.name(), detail, p.doc());
            }
        }
    }

    // ---- bodies ------------------------------------------------------------------------------------

    /** What may follow {@code name =} in a model or block, or start a sequential entry: layers and blocks. */
    private void layerValues() {
        Builtin.all(Builtin.Category.LAYER).forEach(items::builtin);
        for (Item i : items()) {
            if (i instanceof Item.Block b && component().map(c -> c != b).orElse(true)) {
                items.block(b);
            }
        }
    }

    /** Names a forward body can read at the cursor: variables bound so far, layers, constants, built-ins. */
    private void expressionNames() {
        Optional<Item> c = component();
        if (c.isPresent()) {
            members(c.get()).forEach(m -> {
                if (m instanceof Member.Forward f && f.span().start() <= cx.wordStart()) {
                    variables(c.get(), f);
                }
            });
            layers(c.get()).forEach((name, value) -> items.layer(name, value, calleeOf(value)));
        }
        Builtin.all(Builtin.Category.LAYER).stream().filter(Builtin::isCallable).forEach(items::function);
        Builtin.all(Builtin.Category.FUNCTION).forEach(items::function);
        constants();
    }

    private void variables(Item owner, Member.Forward f) {
        Map<String, String> seen = new LinkedHashMap<>();
        if (f.params() != null) {
            f.params().forEach(p -> seen.put(p.name(), "forward parameter"));
        } else {
            members(owner).forEach(m -> {
                if (m instanceof Member.Input in) {
                    seen.put(in.name().name(), "input");
                }
            });
        }
        for (Stmt s : f.body()) {
            if (s instanceof Stmt.Assign a && a.span().end() <= cx.wordStart()) {
                a.targets().forEach(t -> names(t, seen));
            }
        }
        seen.forEach(items::variable);
    }

    private static void names(Stmt.Pattern p, Map<String, String> out) {
        if (p instanceof Stmt.NamePattern n) {
            out.put(n.name().name(), "variable");
        } else if (p instanceof Stmt.TuplePattern t) {
            t.parts().forEach(part -> names(part, out));
        }
    }

    /** Constants, and in a component its block parameters and dimension symbols. */
    private void constants() {
        for (Item i : items()) {
            if (i instanceof Item.Const c) {
                items.constant(c.name().name(), "const");
            }
        }
        if (cx.region() == CursorContext.Region.TRAIN) {
            return; // the trained model's parameters and symbols are not in scope there
        }
        component().ifPresent(c -> {
            if (c instanceof Item.Block b) {
                b.params().forEach(p -> items.constant(p.name().name(), "block parameter"));
            }
            for (Member m : members(c)) {
                if (m instanceof Member.Input in) {
                    in.dims().stream().filter(d -> d instanceof Expr.Name).map(d -> ((Expr.Name) d).name().name())
                            .forEach(n -> items.constant(n, "dimension symbol"));
                }
            }
        });
    }

    private void trainSetting() {
        String last = cx.last();
        switch (last) {
            case "loss" -> Builtin.all(Builtin.Category.LOSS).forEach(items::builtin);
            case "optimizer" -> Builtin.all(Builtin.Category.OPTIMIZER).forEach(items::builtin);
            case "evaluate" -> dataSets();
            case "every" -> TrainBuiltins.units().forEach(items::word);
            case ":" -> TrainBuiltins.metrics().forEach(items::word);
            case "init" -> component().ifPresent(c -> layers(c).keySet().forEach(n -> items.variable(n, "layer")));
            case "=" -> {
                if (cx.beforeLast(2).equals("data")) {
                    Builtin.all(Builtin.Category.DATA_SOURCE).forEach(items::builtin);
                } else {
                    Builtin.all(Builtin.Category.INITIALIZER).forEach(items::builtin);
                }
            }
            default -> {
                if (cx.beforeLast(1).equals("batch") || TrainBuiltins.batchFlags().contains(last)) {
                    TrainBuiltins.batchFlags().forEach(items::word);
                }
                List.of("data", "batch", "loss", "optimizer", "epochs", "seed", "log every", "evaluate",
                        "checkpoint", "init", "labels").forEach(items::keyword);
            }
        }
    }

    /**
     * {@code init fc.|}: the parameters of layer {@code fc}, from the last checked revision of the train block's
     * model (the text being typed rarely checks); {@code weight} and {@code bias} when it has not been checked.
     */
    private void initParameters(String layer) {
        TypedProgram typed = analysis.compilation().typed();
        List<String> names = new ArrayList<>();
        String model = cx.owner(); // a train block's owner is the model it trains: `train Net {`
        if (typed != null && model != null) {
            for (TypedModel m : typed.models()) {
                LayerInstance instance = m.name().equals(model) ? m.instance().layers().get(layer) : null;
                if (instance != null) {
                    instance.parameters().forEach(p -> names.add(p.name().substring(p.name().indexOf('.') + 1)));
                }
            }
        }
        (names.isEmpty() ? List.of("weight", "bias") : names).forEach(n -> items.variable(n, "parameter of " + layer));
    }

    private void dataSets() {
        for (Item i : items()) {
            if (i instanceof Item.Train t && t.span().contains(cx.wordStart())) {
                t.stmts().stream().filter(s -> s instanceof TrainStmt.Data)
                        .forEach(s -> items.variable(((TrainStmt.Data) s).name().name(), "data set"));
            }
        }
    }

    // ---- the AST around the cursor -------------------------------------------------------------------

    private List<Item> items() {
        return analysis.compilation().program().items();
    }

    /** The model or block the cursor is in (for a train block, the model it trains). */
    private Optional<Item> component() {
        if (cx.owner() == null) {
            return Optional.empty();
        }
        return items().stream().filter(i -> (i instanceof Item.Model || i instanceof Item.Block)
                && i.name().name().equals(cx.owner())).findFirst();
    }

    private static List<Member> members(Item i) {
        return i instanceof Item.Model m ? m.members() : i instanceof Item.Block b ? b.members() : List.of();
    }

    /** Declared layers by name, with their declared values. */
    private static Map<String, Expr> layers(Item owner) {
        Map<String, Expr> out = new LinkedHashMap<>();
        for (Member m : members(owner)) {
            if (m instanceof Member.Layer l) {
                out.putIfAbsent(l.name().name(), l.value());
            } else if (m instanceof Member.Sequential s) {
                s.entries().stream().filter(e -> e.name() != null)
                        .forEach(e -> out.putIfAbsent(e.name().name(), e.value()));
            }
        }
        return out;
    }

    private static Optional<Expr> layerValue(Item owner, String name) {
        return Optional.ofNullable(layers(owner).get(name));
    }

    private static Ident calleeOf(Expr value) {
        return value instanceof Expr.Call c ? c.callee() : value instanceof Expr.Name n ? n.name() : null;
    }
}
