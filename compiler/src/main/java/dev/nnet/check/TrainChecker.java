package dev.nnet.check;

import dev.nnet.ast.Expr;
import dev.nnet.ast.Item;
import dev.nnet.ast.TrainStmt;
import dev.nnet.diag.Code;
import dev.nnet.diag.Span;
import dev.nnet.ops.Signature;
import dev.nnet.resolve.Names;
import dev.nnet.types.Args;
import dev.nnet.types.TensorType;
import dev.nnet.types.Value;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Checks a train block: its model, data, loss against the model output, optimizer and the other settings. */
final class TrainChecker {
    private final CheckContext cx;
    private final List<TypedModel> models;
    private final List<String> lines = new ArrayList<>();
    private final Map<String, TrainData.DataSet> data = new LinkedHashMap<>();
    private final Map<Class<?>, Span> seen = new LinkedHashMap<>();
    private final TrainSettings settings = new TrainSettings();

    TrainChecker(CheckContext cx, List<TypedModel> models) {
        this.cx = cx;
        this.models = models;
    }

    TypedTrain check(Item.Train train) {
        String modelName = train.name().name();
        TypedModel model = models.stream().filter(m -> m.name().equals(modelName)).findFirst().orElse(null);
        if (model == null) {
            cx.diags.report(Code.E0110, train.name().span(), "no model named `" + modelName + "` to train", r -> {
                Names.closest(modelName, models.stream().map(TypedModel::name).toList())
                        .ifPresent(s -> r.help("did you mean `" + s + "`?"));
                return r;
            });
            return new TypedTrain(train, modelName, lines, settings);
        }
        Env env = new Env(cx.scope, model.component(), Map.of());
        TrainData dataChecker = new TrainData(cx, model, env);
        for (TrainStmt s : train.stmts()) {
            if (!(s instanceof TrainStmt.Data || s instanceof TrainStmt.Init || s instanceof TrainStmt.Evaluate)) {
                Span first = seen.putIfAbsent(s.getClass(), s.span());
                if (first != null) {
                    cx.diags.report(Code.E0102, s.span(), "this setting is given twice",
                            r -> r.label(first, "first given here").help("keep one of them"));
                    continue;
                }
            }
            if (s instanceof TrainStmt.Data d) {
                if (data.containsKey(d.name().name())) {
                    cx.diags.report(Code.E0102, d.name().span(), "data `" + d.name().name() + "` is defined twice");
                    continue;
                }
                dataChecker.check(d).ifPresent(ds -> {
                    data.put(ds.name(), ds);
                    settings.data.put(ds.name(), new TrainSettings.Data(ds.name(), ds.source(), ds.args(), ds.expr(),
                            ds.inputs(), ds.target()));
                    lines.add("data " + ds.name() + " = " + ds.source() + ": inputs " + describe(ds.inputs())
                            + ", target " + ds.target());
                });
            }
        }
        for (TrainStmt s : train.stmts()) {
            setting(s, model, env);
        }
        train.stmts().stream().filter(s -> s instanceof TrainStmt.Labels).findFirst().ifPresent(s -> {
            Span lossSpan = train.stmts().stream().filter(l -> l instanceof TrainStmt.Loss).findFirst()
                    .map(l -> ((TrainStmt.Loss) l).value().span()).orElse(s.span());
            TrainLabels.check(cx, model, (TrainStmt.Labels) s, settings.loss == null ? null
                    : settings.loss.op().name(), lossSpan, data).ifPresent(labels -> {
                        settings.labels = labels;
                        lines.add("labels " + String.join(", ", labels.stream().map(l -> '"' + l + '"').toList()));
                    });
        });
        TrainFacts facts = new TrainFacts(cx, model, data);
        facts.vocabularies();
        train.stmts().stream().filter(s -> s instanceof TrainStmt.Loss).findFirst()
                .filter(s -> settings.loss != null)
                .ifPresent(s -> facts.classes(settings.loss.op().name(), ((TrainStmt.Loss) s).value().span()));
        List<String> missing = new ArrayList<>();
        if (data.isEmpty() && train.stmts().stream().noneMatch(s -> s instanceof TrainStmt.Data)) {
            missing.add("`data train = ...`");
        }
        if (!seen.containsKey(TrainStmt.Loss.class)) {
            missing.add("`loss ...`");
        }
        if (!seen.containsKey(TrainStmt.Optimizer.class)) {
            missing.add("`optimizer ...`");
        }
        if (!seen.containsKey(TrainStmt.Epochs.class)) {
            missing.add("`epochs ...`");
        }
        if (!missing.isEmpty()) {
            cx.diags.report(Code.E0111, train.name().span(), "train block for `" + modelName + "` is missing "
                    + String.join(", ", missing), r -> r.help("add " + String.join(" and ", missing)));
        }
        return new TypedTrain(train, modelName, lines, settings);
    }

    private void setting(TrainStmt s, TypedModel model, Env env) {
        if (s instanceof TrainStmt.Loss l) {
            TrainLoss loss = new TrainLoss(cx, model, data);
            loss.check(l).ifPresent(lines::add);
            settings.loss = loss.setting();
        } else if (s instanceof TrainStmt.Optimizer o) {
            optimizer(o, env);
        } else if (s instanceof TrainStmt.Batch b) {
            long size = b.size() == null ? -1 : positive(b.size(), env, "the batch size");
            settings.batch = size;
            settings.shuffle = b.flags().stream().anyMatch(f -> f.name().equals("shuffle"));
            settings.dropLast = b.flags().stream().anyMatch(f -> f.name().equals("drop_last"));
            for (var flag : b.flags()) {
                oneOf(flag, TrainBuiltins.BATCH_FLAGS, "batch flag");
            }
            lines.add("batch " + (b.size() == null ? "full" : Long.toString(size))
                    + b.flags().stream().map(f -> " " + f.name()).reduce("", String::concat));
        } else if (s instanceof TrainStmt.Epochs e) {
            settings.epochs = positive(e.value(), env, "the number of epochs");
            lines.add("epochs " + settings.epochs);
        } else if (s instanceof TrainStmt.Seed e) {
            Value v = cx.consts.eval(e.value(), env, false);
            if (!(v instanceof Value.Int i && i.value().isConstant()) && !(v instanceof Value.Unknown)) {
                cx.diags.report(Code.E0106, e.value().span(), "the seed must be an integer, found " + Value.describe(v));
            } else {
                settings.seed = v instanceof Value.Int i ? i.value().constantTerm() : null;
                lines.add("seed " + Value.describe(v));
            }
        } else if (s instanceof TrainStmt.Log l) {
            lines.add("log every " + cadence(l.every(), env));
            settings.log = setting(l.every(), env);
        } else if (s instanceof TrainStmt.Evaluate e) {
            if (!data.containsKey(e.dataset().name())) {
                cx.diags.report(Code.E0101, e.dataset().span(), "no data set named `" + e.dataset().name() + "`", r -> {
                    Names.closest(e.dataset().name(), data.keySet()).ifPresentOrElse(
                            x -> r.help("did you mean `" + x + "`?"),
                            () -> r.help("declare it: `data " + e.dataset().name() + " = mnist(\"test\")`"));
                    return r;
                });
            }
            String every = e.every() != null ? cadence(e.every(), env) : "1 epoch";
            e.metrics().forEach(m -> oneOf(m, TrainBuiltins.METRICS, "metric"));
            settings.evaluations.add(new TrainSettings.Evaluation(e.dataset().name(),
                    e.every() != null ? setting(e.every(), env) : new TrainSettings.Cadence(1, "epochs"),
                    e.metrics().isEmpty() ? List.of("loss") : e.metrics().stream().map(m -> m.name()).toList()));
            lines.add("evaluate " + e.dataset().name() + " every " + every + ": "
                    + (e.metrics().isEmpty() ? "loss" : String.join(", ", e.metrics().stream().map(m -> m.name()).toList())));
        } else if (s instanceof TrainStmt.Checkpoint c) {
            if (!c.path().value().endsWith(".safetensors")) {
                cx.diags.report(Code.E0112, c.path().span(), "checkpoints are safetensors files; the path must end "
                        + "with `.safetensors`", r -> r.fix("rename it", c.path().span(),
                        "\"" + c.path().value().replaceAll("\\.[A-Za-z0-9]*$", "") + ".safetensors\""));
            }
            String every = c.every() != null ? cadence(c.every(), env) : "1 epoch";
            settings.checkpoint = c.path().value();
            settings.checkpointEvery = c.every() != null ? setting(c.every(), env) : new TrainSettings.Cadence(1, "epochs");
            lines.add("checkpoint \"" + c.path().value() + "\" every " + every);
        } else if (s instanceof TrainStmt.Init i) {
            new TrainInit(cx, model, env).check(i).ifPresent(line -> {
                lines.add(line);
                settings.inits.add(TrainInit.setting(cx, i, env));
            });
        }
    }

    private void optimizer(TrainStmt.Optimizer o, Env env) {
        String name = o.value() instanceof Expr.Call c ? c.callee().name()
                : o.value() instanceof Expr.Name n ? n.name().name() : "";
        Signature sig = TrainBuiltins.OPTIMIZERS.get(name);
        if (sig == null) {
            cx.diags.report(Code.E0103, o.value().span(), "unknown optimizer `" + name + "`", r -> {
                Names.closest(name, TrainBuiltins.OPTIMIZERS.keySet()).ifPresentOrElse(
                        x -> r.help("did you mean `" + x + "`?"), () -> r.note("optimizers: adam, rmsprop, sgd"));
                return r;
            });
            return;
        }
        List<Expr.Arg> args = o.value() instanceof Expr.Call c ? c.args() : List.of();
        Args bound = cx.bind(name, sig, args, o.value().span(), env);
        TrainOptimizer.validate(cx, name, bound);
        settings.optimizer = new TrainSettings.Optimizer(name, bound, o.span());
        lines.add("optimizer " + name + "(" + bound + ")");
    }

    private long positive(Expr e, Env env, String what) {
        Value v = cx.consts.eval(e, env, false);
        if (v instanceof Value.Unknown) {
            return -1;
        }
        if (!(v instanceof Value.Int i) || !i.value().isConstant()) {
            cx.diags.report(Code.E0106, e.span(), what + " must be a constant integer, found " + Value.describe(v));
            return -1;
        }
        if (i.value().constantTerm() < 1) {
            cx.diags.report(Code.E0112, e.span(), what + " must be at least 1, found " + i.value());
            return -1;
        }
        return i.value().constantTerm();
    }

    /** An interval as data, with the unit in its plural form. */
    private TrainSettings.Cadence setting(TrainStmt.Cadence c, Env env) {
        long count = c.count() != null ? constant(c.count(), env) : 1;
        String unit = c.unit().name().startsWith("epoch") ? "epochs" : "batches";
        return new TrainSettings.Cadence(count, unit);
    }

    private long constant(Expr e, Env env) {
        Value v = cx.consts.eval(e, env, false);
        return v instanceof Value.Int i && i.value().isConstant() ? i.value().constantTerm() : 1;
    }

    /** Checks an interval and returns it as text, e.g. {@code 300 batches}. */
    private String cadence(TrainStmt.Cadence c, Env env) {
        long count = c.count() != null ? positive(c.count(), env, "the interval") : 1;
        oneOf(c.unit(), TrainBuiltins.UNITS, "unit");
        return count + " " + c.unit().name();
    }

    private void oneOf(dev.nnet.ast.Ident word, List<String> allowed, String what) {
        if (!allowed.contains(word.name())) {
            cx.diags.report(Code.E0114, word.span(), "unknown " + what + " `" + word.name() + "`", r -> {
                Names.closest(word.name(), allowed).ifPresentOrElse(x -> r.help("did you mean `" + x + "`?"),
                        () -> r.note("expected one of: " + String.join(", ", allowed)));
                return r;
            });
        }
    }

    private static String describe(List<TensorType> types) {
        return String.join(", ", types.stream().map(TensorType::toString).toList());
    }
}
