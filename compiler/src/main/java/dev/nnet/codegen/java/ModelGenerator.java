package dev.nnet.codegen.java;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.nnet.check.LayerInstance;
import dev.nnet.check.TypedModel;
import dev.nnet.diag.SourceFile;
import dev.nnet.ir.Graph;
import dev.nnet.ir.Node;
import dev.nnet.lower.LoweredProgram;
import dev.nnet.ops.ParamTensor;
import dev.nnet.passes.MemoryPlan;
import dev.nnet.types.Dim;
import dev.nnet.types.TensorType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.Modifier;

/**
 * The class of a model: its parameters as named tensors (PyTorch {@code state_dict} names and layouts, in
 * declaration order), {@code predict}, a plain inference method any Java program can call, and the training-mode
 * {@code forward} and {@code backward} with a gradient tensor per parameter ({@link TrainingMethods}).
 */
final class ModelGenerator {
    static final ClassName TENSOR = ClassName.get("dev.nnet.runtime", "Tensor");

    private ModelGenerator() {
    }

    /** Every parameter of the model, in {@code state_dict} order. */
    static List<ParamTensor> parameters(TypedModel model) {
        List<ParamTensor> out = new ArrayList<>();
        collect(model.instance().layers().values(), out);
        return out;
    }

    private static void collect(Iterable<LayerInstance> layers, List<ParamTensor> out) {
        for (LayerInstance l : layers) {
            if (l.op() != null) {
                for (ParamTensor p : l.parameters()) {
                    out.add(p);
                }
            } else if (l.block() != null) {
                collect(l.block().layers().values(), out);
            }
        }
    }

    static TypeSpec generate(LoweredProgram.Model lowered, SourceFile file, String className) {
        TypedModel model = lowered.model();
        List<String> reserved = new ArrayList<>(List.of("maxBatch", "n", "x", "step", "parameters"));
        reserved.addAll(TrainingMethods.RESERVED);
        ClassBuilder cls = new ClassBuilder(reserved.toArray(new String[0]));
        List<ParamTensor> parameters = parameters(model);
        Map<String, String> params = new LinkedHashMap<>();
        List<FieldSpec> paramFields = new ArrayList<>();
        CodeBlock.Builder init = CodeBlock.builder();
        List<String> names = new ArrayList<>();
        for (ParamTensor p : parameters) {
            String field = cls.reserve(p.name(), "param:" + p.name());
            paramFields.add(FieldSpec.builder(TENSOR, field, Modifier.PUBLIC, Modifier.FINAL)
                    .addJavadoc("{@code $L} $L\n", p.name(), p.shape()).build());
            init.addStatement("this.$L = new $T($S, $L)", field, TENSOR, p.name(),
                    String.join(", ", p.shape().stream().map(String::valueOf).toList()));
            params.put(p.name(), field + ".data()");
            names.add(field);
        }
        Graph predict = lowered.predict().graph();
        String input = model.inputs().keySet().iterator().next();
        MethodEmitter body = new MethodEmitter(cls, lowered.predict(), "predict", dataBindings(model), params);
        // predict's buffers and forward/backward's wait for their first call: a trainer uses neither.
        cls.openGroup("predict", "allocatePredict");
        CodeBlock code = body.emit();
        Node output = predict.outputs().get("output");
        String out = body.array(output);
        cls.openGroup(null, null);
        TrainingMethods training = TrainingMethods.generate(model, lowered.forwardBackward(), cls, parameters, params,
                input);
        MethodSpec.Builder predictMethod = MethodSpec.methodBuilder("predict")
                .addModifiers(Modifier.PUBLIC)
                .returns(ArrayTypeName.of(TypeName.FLOAT))
                .addJavadoc("Runs the model in evaluation mode on the first {@code n} samples of {@code x} (row-major "
                        + "$L).\n@return the outputs, row-major $L, in a buffer this object reuses on the next call to "
                        + "{@code predict} (not the one {@code forward} returns)\n", model.inputs().get(input),
                        output.type())
                .addParameter(TypeName.INT, "n")
                .addParameter(ArrayTypeName.of(TypeName.FLOAT), "x")
                .addCode(checkBatch())
                .addCode(checkLength("x", rowType(predict, model), predict.batchSymbol()))
                .addCode(cls.ensureAllocated("predict"))
                .addCode(code)
                .addStatement("return $L", out);
        TypeName list = ParameterizedTypeName.get(ClassName.get(List.class), TENSOR);
        return TypeSpec.classBuilder(className)
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addJavadoc("Model {@code $L} from {@code $L}, generated by nnetc. Do not edit.\n", model.name(),
                        file.path().replaceAll(".*[/\\\\]", ""))
                .addField(FieldSpec.builder(TypeName.INT, "SAMPLE_FLOATS", Modifier.PUBLIC, Modifier.STATIC,
                                Modifier.FINAL).initializer("$L", sampleFloats(predict, model))
                        .addJavadoc("Floats of one sample in {@code x}. A data row is one sample, except for a "
                                + "sequence-first input [T, N, F],\nwhose rows are time steps of every sample: "
                                + "a batch of r rows of f floats holds r · f / SAMPLE_FLOATS samples.\n").build())
                .addField(FieldSpec.builder(TypeName.INT, "maxBatch", Modifier.PRIVATE, Modifier.FINAL).build())
                .addFields(paramFields)
                .addFields(training.fields)
                .addFields(cls.fields())
                .addMethod(MethodSpec.constructorBuilder()
                        .addModifiers(Modifier.PUBLIC)
                        .addJavadoc("Allocates parameters (zero until initialized or loaded); {@code predict} and "
                                + "{@code forward} allocate their buffers for batches of up to {@code maxBatch} "
                                + "samples on their first call.\n")
                        .addParameter(TypeName.INT, "maxBatch")
                        .addStatement("this.maxBatch = maxBatch")
                        .addCode(init.build())
                        .addCode(training.init.build())
                        .addCode(cls.constructorCode())
                        .build())
                .addMethod(MethodSpec.methodBuilder("parameters")
                        .addModifiers(Modifier.PUBLIC)
                        .addJavadoc("The parameters in {@code state_dict} order.\n")
                        .returns(list)
                        .addStatement("return $T.of($L)", List.class, String.join(", ", names))
                        .build())
                .addMethod(MethodSpec.methodBuilder("maxBatch").addModifiers(Modifier.PUBLIC).returns(TypeName.INT)
                        .addStatement("return maxBatch").build())
                .addMethod(predictMethod.build())
                .addMethods(training.methods)
                .addMethods(cls.allocators())
                .build();
    }

    /** Rejects a batch larger than the buffers or negative. */
    static CodeBlock checkBatch() {
        return CodeBlock.builder()
                .beginControlFlow("if (n < 0 || n > maxBatch)")
                .addStatement("throw new $T($S + maxBatch + $S + n)", IllegalArgumentException.class,
                        "batch must be between 0 and ", ", found ")
                .endControlFlow()
                .build();
    }

    /** Every model input reads the data rows {@code x} (a sample's inputs side by side). */
    static Map<String, String> dataBindings(TypedModel model, String... more) {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        model.inputs().keySet().forEach(k -> m.put(k, "x"));
        for (int i = 0; i < more.length; i += 2) {
            m.put(more[i], more[i + 1]);
        }
        return m;
    }

    /** The data rows as compiled: the first input's type, or [N, the sum of every input's features]. */
    static TensorType rowType(Graph g, TypedModel model) {
        List<String> names = List.copyOf(model.inputs().keySet());
        if (names.size() == 1) {
            return inputType(g, names.get(0));
        }
        Dim features = Dim.of(0);
        for (String name : names) {
            TensorType t = inputType(g, name);
            features = features.plus(t.numel().exactDiv(t.dim(0)).orElseThrow());
        }
        return TensorType.floats(Dim.sym(g.batchSymbol()), features);
    }

    /** The per-sample floats of the data rows: {@link #rowType}'s elements for one sample. */
    static long sampleFloats(Graph g, TypedModel model) {
        return MemoryPlan.size(rowType(g, model).numel(), g.batchSymbol())[0];
    }

    /** The type of a graph's input as compiled (sizes besides the batch put in), by binding. */
    static TensorType inputType(Graph g, String binding) {
        return g.nodes().stream().filter(n -> n.op() instanceof dev.nnet.ir.op.Input in && in.binding().equals(binding))
                .map(Node::type).findFirst().orElseThrow();
    }

    /** Rejects an array too short for {@code n} samples of {@code type}, naming the shape it must hold. */
    static CodeBlock checkLength(String array, TensorType type, String batchSymbol) {
        long[] size = MemoryPlan.size(type.numel(), batchSymbol);
        String needed = MethodEmitter.sizeExpr(size[0], size[1], "n");
        return CodeBlock.builder()
                .beginControlFlow("if ($L.length < $L)", array, needed)
                .addStatement("throw new $T($S + ($L) + $S + n + $S + $L.length)", IllegalArgumentException.class,
                        array + " must hold ", needed, " values, " + type + " with " + batchSymbol + " = ",
                        ", found ", array)
                .endControlFlow()
                .build();
    }
}
