package dev.nnet.codegen.java;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.nnet.check.TrainSettings;
import dev.nnet.check.TypedModel;
import dev.nnet.diag.SourceFile;
import dev.nnet.ir.Graph;
import dev.nnet.ir.op.LossKind;
import dev.nnet.lower.LoweredProgram;
import dev.nnet.ops.ParamTensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.Modifier;

/**
 * The trainer of a train block: one compiled training step (forward, loss, backward and optimizer update in a
 * single method over preallocated buffers), one evaluation step, initialization and the block's settings.
 */
final class TrainerGenerator {
    private static final ClassName RUNTIME_TRAINER = ClassName.get("dev.nnet.runtime", "CompiledTrainer");
    private static final ClassName BATCH = ClassName.get("dev.nnet.runtime", "Batch");
    private static final ClassName RNG = ClassName.get("dev.nnet.runtime", "Rng");
    private static final ClassName TOTALS = ClassName.get("dev.nnet.runtime", "EvalTotals");
    private static final ClassName ACCURACY = ClassName.get("dev.nnet.runtime.metrics", "Accuracy");

    private TrainerGenerator() {
    }

    static TypeSpec generate(LoweredProgram.Train lowered, SourceFile file, String className, ClassName modelClass,
                             boolean profile) {
        TypedModel model = lowered.model();
        TrainSettings train = lowered.settings();
        List<String> reserved = new java.util.ArrayList<>(List.of("model", "maxBatch", "steps", "n", "x", "target",
                "rng", "step", "batch", "totals", "SPEC", "profile", "opStart"));
        reserved.addAll(BatchSplitTrainer.RESERVED);
        ClassBuilder cls = new ClassBuilder(reserved.toArray(new String[0]));
        Map<String, String> params = new LinkedHashMap<>();
        List<ParamTensor> parameters = ModelGenerator.parameters(model);
        Map<String, String> fields = new LinkedHashMap<>();
        ClassBuilder names = new ClassBuilder();
        for (ParamTensor p : parameters) {
            String f = names.reserve(p.name(), p.name());
            fields.put(p.name(), f);
            params.put(p.name(), "model." + f + ".data()");
        }
        LossKind kind = LossKind.valueOf(train.loss().op().name().toUpperCase(java.util.Locale.ROOT));
        String input = model.inputs().keySet().iterator().next();
        Map<String, String> inputs = ModelGenerator.dataBindings(model, "target", "target");
        Graph step = lowered.trainStep().graph();
        MethodEmitter stepBody = new MethodEmitter(cls, lowered.trainStep(), "train", inputs, params);
        if (profile) {
            stepBody.profileInto("profile");
        }
        // The per-op step's buffers wait for its first call: a trainer that splits the batch never makes them.
        cls.openGroup("per-op training step", "allocatePerOpStep");
        CodeBlock stepCode = stepBody.emit();
        String lossValue = stepBody.array(step.outputs().get("loss"));
        cls.openGroup(null, null);
        java.util.Set<String> rows = new java.util.HashSet<>(model.inputs().keySet());
        rows.add("target");
        String perOpOnly = profile ? "profiling times the per-op step" : BatchSplitCheck.whyNot(step, rows);
        TypeName targetArray = ArrayTypeName.of(kind.classTargets() ? TypeName.INT : TypeName.FLOAT);
        BatchSplitTrainer split = perOpOnly != null ? null : BatchSplitTrainer.generate(
                ClassName.get(modelClass.packageName(), className), cls, lowered.trainStep(), inputs, params,
                targetArray, ModelGenerator.sampleFloats(step, model), BatchSplitTrainer.compiledChoice(step));
        Graph eval = lowered.eval().graph();
        MethodEmitter evalBody = new MethodEmitter(cls, lowered.eval(), "eval", inputs, params);
        cls.openGroup("evaluation step", "allocateEvaluation");
        CodeBlock evalCode = evalBody.emit();
        CodeBlock metricsCode = metrics(train, kind, model, evalBody, eval);
        cls.openGroup(null, null);
        TypeName targetType = ArrayTypeName.of(kind.classTargets() ? TypeName.INT : TypeName.FLOAT);
        String targetField = kind.classTargets() ? "yInt" : "yFloat";
        String source = file.path().replaceAll(".*[/\\\\]", "");
        TypeName tensors = ParameterizedTypeName.get(ClassName.get(List.class), ModelGenerator.TENSOR);
        TypeSpec.Builder type = TypeSpec.classBuilder(className);
        if (split != null) {
            split.addTo(type);
        }
        CodeBlock profileInit = CodeBlock.of("");
        if (profile) {
            type.addField(FieldSpec.builder(StepProfiling.PROFILE, "profile", Modifier.PUBLIC, Modifier.FINAL)
                    .addJavadoc("Time per op of {@link #trainStep}: this trainer was generated with profiling.\n")
                    .build());
            profileInit = CodeBlock.of("this.profile = $L;\n", StepProfiling.construct(stepBody.profiled(),
                    step.batchSymbol()));
        }
        return type
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addSuperinterface(RUNTIME_TRAINER)
                .addJavadoc("Trainer of {@code $L} from {@code $L}, generated by nnetc. Do not edit.\n$L", model.name(),
                        source, perOpOnly == null ? "" : "<p>Each kernel splits its own work (the batch cannot be "
                                + "split across threads: " + perOpOnly + ").\n")
                .addField(FieldSpec.builder(SpecCode.SPEC, "SPEC", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                        .addJavadoc("The train block's data, batching, schedule, logging and checkpoints.\n")
                        .initializer(SpecCode.spec(train, model.name(), List.copyOf(model.inputs().keySet()),
                                source)).build())
                .addField(FieldSpec.builder(modelClass, "model", Modifier.PUBLIC, Modifier.FINAL).build())
                .addField(FieldSpec.builder(TypeName.INT, "maxBatch", Modifier.PRIVATE, Modifier.FINAL).build())
                .addField(FieldSpec.builder(TypeName.LONG, "steps", Modifier.PRIVATE).build())
                .addFields(cls.fields())
                .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PUBLIC)
                        .addJavadoc("A trainer for batches of up to {@code maxBatch} samples; the buffers "
                                + "of the step that runs are allocated here or by its first call, none later.\n")
                        .addParameter(TypeName.INT, "maxBatch")
                        .addStatement("this.maxBatch = maxBatch")
                        .addStatement("this.model = new $T(maxBatch)", modelClass)
                        .addCode(profileInit)
                        .addCode(cls.constructorCode())
                        .addCode(split == null ? CodeBlock.of("") : split.constructorCode()).build())
                .addMethod(override("spec", SpecCode.SPEC).addStatement("return SPEC").build())
                .addMethod(override("parameters", tensors).addStatement("return model.parameters()").build())
                .addMethod(override("optimizerState", tensors).addStatement("return $T.of($L)", List.class,
                        String.join(", ", cls.stateFields())).build())
                .addMethod(override("optimizerSteps", TypeName.LONG).addStatement("return steps").build())
                .addMethod(override("setOptimizerSteps", TypeName.VOID).addParameter(TypeName.LONG, "steps")
                        .addStatement("this.steps = steps").build())
                .addMethod(override("maxBatch", TypeName.INT).addStatement("return maxBatch").build())
                .addMethod(override("initialize", TypeName.VOID).addParameter(RNG, "rng")
                        .addCode(Initialization.code(parameters, fields, train)).build())
                .addMethod(override("trainStep", TypeName.FLOAT)
                        .addParameter(BATCH, "batch").addParameter(RNG, "rng")
                        .addStatement("int n = $L", samples(step, model))
                        .addStatement("float[] x = batch.x")
                        .addStatement("$T target = batch.$L", targetType, targetField)
                        .addStatement("long step = ++steps")
                        .addCode(split == null ? CodeBlock.of("") : split.dispatch())
                        .addCode(cls.ensureAllocated("per-op training step"))
                        .addCode(stepCode)
                        .addCode(profile ? CodeBlock.of("profile.step();\n") : CodeBlock.of(""))
                        .addStatement("return $L[0]", lossValue)
                        .build())
                .addMethod(override("evalBatch", TypeName.VOID)
                        .addParameter(BATCH, "batch").addParameter(TOTALS, "totals")
                        .addStatement("int n = $L", samples(step, model))
                        .addStatement("float[] x = batch.x")
                        .addStatement("$T target = batch.$L", targetType, targetField)
                        .addCode(cls.ensureAllocated("evaluation step"))
                        .addCode(evalCode)
                        .addCode(metricsCode)
                        .build())
                .addMethods(split == null ? List.of() : split.methods())
                .addMethods(cls.allocators())
                .build();
    }

    /**
     * The model's batch in {@code batch}: its rows, or for a sequence-first input [T, N, F] (whose data rows are
     * time steps of the whole batch) its floats over one sample's ({@code SAMPLE_FLOATS} of the model class).
     */
    private static String samples(Graph g, TypedModel model) {
        dev.nnet.types.TensorType first = ModelGenerator.inputType(g, model.inputs().keySet().iterator().next());
        if (first.rank() == 0 || first.dim(0).equals(dev.nnet.types.Dim.sym(g.batchSymbol()))) {
            return "batch.n";
        }
        return "batch.n * batch.featureSize / " + ModelGenerator.sampleFloats(g, model);
    }

    private static MethodSpec.Builder override(String name, TypeName returns) {
        return MethodSpec.methodBuilder(name).addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
                .returns(returns);
    }

    /** Loss summed per sample, and the count of correct predictions. */
    private static CodeBlock metrics(TrainSettings train, LossKind kind, TypedModel model, MethodEmitter body,
                                     Graph eval) {
        String loss = body.array(eval.outputs().get("loss")) + "[0]";
        boolean sum = train.loss().args().word("reduction", "mean").equals("sum");
        String out = body.array(eval.outputs().get("output"));
        // Rows of the output, each with its target: the samples, or a sequence model's steps of every sample.
        String rows = body.size(eval.outputs().get("output").type().dim(0));
        String weight = rows.equals("n") ? "n" : "(" + rows + ")";
        CodeBlock.Builder b = CodeBlock.builder()
                .addStatement("totals.lossSum += $L", sum ? loss : loss + " * (double) " + weight)
                .addStatement("totals.count += $L", rows);
        if (kind.classTargets()) {
            String classes = model.output() instanceof dev.nnet.types.Value.Tensor t
                    ? t.type().dim(-1).toString() : "1";
            b.addStatement("totals.correct += $T.correctArgmax($L, $L, $L, 0, target)", ACCURACY, rows, classes, out);
        } else {
            float threshold = kind == LossKind.BCE_WITH_LOGITS ? 0f : 0.5f;
            b.addStatement("totals.correct += $T.correctBinary($L, $L, 0, target, $Lf)", ACCURACY, rows, out,
                    threshold);
        }
        return b.build();
    }
}
