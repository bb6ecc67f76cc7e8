package dev.nnet.codegen.java;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import dev.nnet.ast.Expr;
import dev.nnet.check.TrainSettings;
import dev.nnet.types.Args;
import dev.nnet.types.TensorType;
import dev.nnet.types.Value;
import java.util.ArrayList;
import java.util.List;

/** Java expressions that rebuild a train block's settings as a {@code dev.nnet.runtime.TrainSpec}. */
final class SpecCode {
    static final ClassName SPEC = ClassName.get("dev.nnet.runtime", "TrainSpec");
    static final ClassName DATA = ClassName.get("dev.nnet.runtime.data", "DataSpec");
    static final ClassName TRANSFORM = ClassName.get("dev.nnet.runtime.data", "Transform");

    private SpecCode() {
    }

    static CodeBlock spec(TrainSettings t, String model, List<String> inputs, String source) {
        CodeBlock.Builder data = CodeBlock.builder().add("$T.of(", java.util.Map.class);
        List<CodeBlock> entries = new ArrayList<>();
        for (TrainSettings.Data d : t.data().values()) {
            entries.add(CodeBlock.of("$S, $L", d.name(), data(d, inputs, t)));
        }
        data.add(CodeBlock.join(entries, ", ")).add(")");
        String trainData = t.data().containsKey("train") ? "train" : t.data().keySet().iterator().next();
        List<CodeBlock> evals = new ArrayList<>();
        for (TrainSettings.Evaluation e : t.evaluations()) {
            evals.add(CodeBlock.of("new $T.Evaluation($S, $L, $T.of($L))", SPEC, e.data(), cadence(e.every()),
                    List.class, String.join(", ", e.metrics().stream().map(m -> '"' + m + '"').toList())));
        }
        CodeBlock checkpoint = t.checkpoint() == null ? CodeBlock.of("null")
                : CodeBlock.of("new $T.CheckpointSpec($S, $L)", SPEC, t.checkpoint(), cadence(t.checkpointEvery()));
        return CodeBlock.of("new $T($S, $L, $S, $L, $L, $L, $L, $LL, $L, $T.of($L), $L, $S)", SPEC, model,
                data.build(), trainData, Math.max(0, t.batch()), t.shuffle(), t.dropLast(), t.epochs(),
                t.seed() == null ? 0 : t.seed(), t.log() == null ? "null" : cadence(t.log()), List.class,
                CodeBlock.join(evals, ", "), checkpoint, source);
    }

    private static CodeBlock cadence(TrainSettings.Cadence c) {
        return CodeBlock.of("new $T.Cadence($L, $T.Unit.$L)", SPEC, c.count(), SPEC,
                c.unit().equals("epochs") ? "EPOCHS" : "BATCHES");
    }

    private static CodeBlock data(TrainSettings.Data d, List<String> inputs, TrainSettings t) {
        Args a = d.args();
        switch (d.source()) {
            case "mnist":
            case "fashion_mnist":
                return CodeBlock.of("new $T.Mnist($S, $L, $S, $L)", DATA, a.word("split", "train"),
                        d.source().equals("fashion_mnist"), str(a, "root"), transforms(a));
            case "cifar10":
                return CodeBlock.of("new $T.Cifar10($S, $S, $L)", DATA, a.word("split", "train"), str(a, "root"),
                        transforms(a));
            case "csv":
                return CodeBlock.of("new $T.Csv($S, $L, $L, $L, $L)", DATA, str(a, "path"), a.integer("label", -1),
                        a.bool("header", false), a.word("target", "float").equals("int"), transforms(a));
            case "planar_flower":
                return CodeBlock.of("new $T.PlanarFlower($L, $LL)", DATA, a.integer("points", 400),
                        a.integer("seed", 1));
            case "names":
                return CodeBlock.of("new $T.Names($S, $L, $T.of($L), $L)", DATA, str(a, "path"),
                        a.integer("vocabulary", 128), List.class, CodeBlock.join(t.labels().stream()
                                .map(l -> CodeBlock.of("$S", l)).toList(), ", "), namesLength(t));
            case "tensors":
                return tensors(d, inputs);
            default:
                throw new dev.nnet.lower.LoweringException(d.expr().span(), "data source `" + d.source()
                        + "` is not supported by the code generator yet");
        }
    }

    /**
     * The L the model is compiled for when names(...) feeds it: the longest of its data sets' longest names (each
     * data set's own is the checker's), so every set pads to the same rows; 0 when no file was there to say.
     */
    private static long namesLength(TrainSettings t) {
        long longest = 0;
        for (TrainSettings.Data d : t.data().values()) {
            TensorType codes = d.source().equals("names") && !d.inputs().isEmpty() ? d.inputs().get(0) : null;
            if (codes != null && codes.rank() == 2 && codes.dim(1).isConstant()) {
                longest = Math.max(longest, codes.dim(1).constantTerm());
            }
        }
        return longest;
    }

    private static String str(Args a, String name) {
        return a.get(name) instanceof Value.Str s ? s.value() : "";
    }

    private static CodeBlock transforms(Args a) {
        List<CodeBlock> out = new ArrayList<>();
        if (a.get("transforms") instanceof Value.Seq s) {
            for (Value v : s.items()) {
                Value.Config c = (Value.Config) v;
                Args t = c.args();
                switch (c.name()) {
                    case "normalize":
                        out.add(CodeBlock.of("new $T.Normalize($Lf, $Lf)", TRANSFORM, (float) t.real("mean", 0),
                                (float) t.real("std", 1)));
                        break;
                    case "pad":
                        out.add(CodeBlock.of("new $T.Pad($L)", TRANSFORM, t.integer("padding", 0)));
                        break;
                    default:
                        out.add(CodeBlock.of("new $T.Scale($Lf)", TRANSFORM, (float) t.real("factor", 1)));
                        break;
                }
            }
        }
        return CodeBlock.of("$T.of($L)", List.class, CodeBlock.join(out, ", "));
    }

    /**
     * {@code tensors(x=[[1.0], [2.0]], target=[[2.0], [4.0]])}: the literals become array initializers; a model with
     * several inputs gets rows with each sample's inputs side by side, in the model's order.
     */
    private static CodeBlock tensors(TrainSettings.Data d, List<String> modelInputs) {
        Expr.Call call = (Expr.Call) d.expr();
        java.util.Map<String, Expr> given = new java.util.HashMap<>();
        for (Expr.Arg arg : call.args()) {
            given.put(arg.name().name(), arg.value());
        }
        Expr target = given.get("target");
        boolean classes = d.target().elem() == dev.nnet.types.ElemType.INT;
        String xValues;
        String xShape;
        if (modelInputs.size() == 1) {
            Expr x = given.get(modelInputs.get(0));
            xValues = Literals.values(x);
            xShape = Literals.shape(x);
        } else {
            List<Expr> inputs = modelInputs.stream().map(given::get).toList();
            xValues = Literals.rows(inputs);
            xShape = Literals.rowsShape(inputs);
        }
        return CodeBlock.of("new $T.Tensors(new float[] {$L}, new int[] {$L}, new float[] {$L}, new int[] {$L}, $L)",
                DATA, xValues, xShape, Literals.values(target), Literals.shape(target), classes);
    }
}
