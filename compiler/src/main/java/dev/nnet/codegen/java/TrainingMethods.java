package dev.nnet.codegen.java;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import dev.nnet.check.TypedModel;
import dev.nnet.ir.Graph;
import dev.nnet.ir.Node;
import dev.nnet.ir.op.Input;
import dev.nnet.lower.LoweredGraph;
import dev.nnet.lower.LoweredProgram;
import dev.nnet.ops.ParamTensor;
import dev.nnet.types.TensorType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.Modifier;

/**
 * The training half of a model class: {@code forward} in training mode, {@code backward}, and a gradient tensor
 * per parameter that {@code backward} adds into (PyTorch's {@code .grad} semantics), with {@code gradients()} and
 * {@code zeroGrad()}. Both passes come from one graph ({@link LoweredProgram.Model#forwardBackward}) and one memory
 * plan, so
 * the activations the backward pass reads stay in their buffers between the two calls.
 */
final class TrainingMethods {
    private static final ClassName RNG = ClassName.get("dev.nnet.runtime", "Rng");
    private static final TypeName FLOATS = ArrayTypeName.of(TypeName.FLOAT);
    private static final String SAVED_X = "forwardX";
    private static final String SAVED_N = "forwardN";
    private static final String TRAINING = "forward and backward pass";

    /** Names {@link ClassBuilder} must not give to fields: arguments and locals of these methods. */
    static final List<String> RESERVED = List.of("dOutput", "rng", SAVED_X, SAVED_N);

    /** Public gradient tensors and the private state of the last forward pass. */
    final List<FieldSpec> fields = new ArrayList<>();
    /** Constructor statements that allocate the gradient tensors. */
    final CodeBlock.Builder init = CodeBlock.builder();
    final List<MethodSpec> methods = new ArrayList<>();
    /** The first statement of {@code forward}: the training buffers, on its first call. */
    private CodeBlock allocate = CodeBlock.of("");

    private final TypedModel model;
    private final String input;
    private final List<String> grads = new ArrayList<>();
    private TensorType compiledInput;

    private TrainingMethods(TypedModel model, String input) {
        this.model = model;
        this.input = input;
    }

    /**
     * @param params the Java expressions of the parameter arrays by state name
     * @param input the model input that {@code x} binds (the first, as for {@code predict})
     */
    static TrainingMethods generate(TypedModel model, LoweredGraph lowered, ClassBuilder cls,
                                    List<ParamTensor> parameters, Map<String, String> params, String input) {
        TrainingMethods t = new TrainingMethods(model, input);
        t.gradientTensors(cls, parameters);
        Graph g = lowered.graph();
        t.compiledInput = ModelGenerator.rowType(g, model);
        List<Node> nodes = g.nodes();
        int split = indexOfOutputGradient(nodes);
        List<Node> backwardNodes = nodes.subList(split + 1, nodes.size());
        MethodEmitter body = new MethodEmitter(cls, lowered, "train", ModelGenerator.dataBindings(model), params);
        boolean readsX = backwardNodes.stream().flatMap(n -> n.inputs().stream()).map(body.plan()::root)
                .anyMatch(n -> n.op() instanceof Input x && model.inputs().containsKey(x.binding()));
        cls.openGroup(TRAINING, "allocateTraining");
        CodeBlock forwardCode = body.emit(nodes.subList(0, split), ModelGenerator.dataBindings(model));
        CodeBlock backwardCode = body.emit(backwardNodes, ModelGenerator.dataBindings(model,
                LoweredProgram.OUTPUT_GRADIENT, "dOutput"));
        Node out = g.outputs().get("output");
        String output = body.array(out);
        cls.openGroup(null, null);
        t.allocate = cls.ensureAllocated(TRAINING);
        if (readsX) {
            t.fields.add(FieldSpec.builder(FLOATS, SAVED_X, Modifier.PRIVATE)
                    .addJavadoc("The {@code x} of the last {@link #forward}, which {@link #backward} reads.\n")
                    .build());
        }
        t.fields.add(FieldSpec.builder(TypeName.INT, SAVED_N, Modifier.PRIVATE).initializer("-1")
                .addJavadoc("The batch of the last {@link #forward} not yet back-propagated; -1 when none is.\n")
                .build());
        t.methods.add(t.forward(forwardCode, output, readsX, out.type(), g.batchSymbol()));
        t.methods.add(t.backward(backwardCode, readsX, out.type(), g.batchSymbol()));
        t.methods.add(t.gradients());
        t.methods.add(t.zeroGrad());
        return t;
    }

    private static int indexOfOutputGradient(List<Node> nodes) {
        for (int i = 0; i < nodes.size(); i++) {
            if (nodes.get(i).op() instanceof Input in && in.binding().equals(LoweredProgram.OUTPUT_GRADIENT)) {
                return i;
            }
        }
        throw new IllegalStateException("the forward-backward graph has no " + LoweredProgram.OUTPUT_GRADIENT + " input");
    }

    /** {@code conv1WeightGrad}, named {@code conv1.weight.grad}: the field {@code AccumulateGrad} writes. */
    private void gradientTensors(ClassBuilder cls, List<ParamTensor> parameters) {
        for (ParamTensor p : parameters) {
            String grad = cls.reserve(p.name() + "_grad", "grad:" + p.name());
            fields.add(FieldSpec.builder(ModelGenerator.TENSOR, grad, Modifier.PUBLIC, Modifier.FINAL)
                    .addJavadoc("Gradient of {@code $L} $L: what {@link #backward} added since {@link #zeroGrad}.\n",
                            p.name(), p.shape()).build());
            init.addStatement("this.$L = new $T($S, $L)", grad, ModelGenerator.TENSOR, p.name() + ".grad",
                    String.join(", ", p.shape().stream().map(String::valueOf).toList()));
            grads.add(grad);
        }
    }

    private MethodSpec forward(CodeBlock code, String output, boolean readsX, TensorType out, String batch) {
        TensorType x = compiledInput;
        MethodSpec.Builder m = MethodSpec.methodBuilder("forward")
                .addModifiers(Modifier.PUBLIC)
                .returns(FLOATS)
                .addJavadoc("Runs the model in training mode (dropout active, drawing from {@code rng}) on the first "
                        + "{@code n} samples of {@code x} (row-major $L), and keeps what {@link #backward} needs: "
                        + "the activations in this object's buffers$L.\n"
                        + "@return the outputs, row-major $L, in a buffer this object reuses on the next call to "
                        + "{@code forward}\n", x,
                        readsX ? " and {@code x} itself, which must not change until then" : "", out)
                .addParameter(TypeName.INT, "n")
                .addParameter(FLOATS, "x")
                .addParameter(RNG, "rng")
                .addCode(ModelGenerator.checkBatch())
                .addCode(ModelGenerator.checkLength("x", x, batch));
        if (readsX) {
            m.addStatement("this.$L = x", SAVED_X);
        }
        return m.addCode(allocate)
                .addStatement("this.$L = n", SAVED_N)
                .addCode(code)
                .addStatement("return $L", output)
                .build();
    }

    private MethodSpec backward(CodeBlock code, boolean readsX, TensorType out, String batch) {
        MethodSpec.Builder m = MethodSpec.methodBuilder("backward")
                .addModifiers(Modifier.PUBLIC)
                .addJavadoc("Back-propagates {@code dOutput}, the gradient of a loss with respect to the outputs of "
                        + "the last {@link #forward} (row-major $L, the same {@code n} samples), and adds each "
                        + "parameter's gradient to its gradient tensor, as PyTorch accumulates into {@code .grad}: "
                        + "call {@link #zeroGrad} before each batch. Reads the activations {@code forward} kept and "
                        + "then reuses their buffers, so each {@code forward} allows one {@code backward}; "
                        + "{@code dOutput} and the outputs {@code forward} returned are left unchanged.\n", out)
                .addParameter(TypeName.INT, "n")
                .addParameter(FLOATS, "dOutput")
                .beginControlFlow("if ($L < 0)", SAVED_N)
                .addStatement("throw new $T($S)", IllegalStateException.class, "backward needs the activations of a "
                        + "forward pass: call forward(n, x, rng) before each backward")
                .endControlFlow()
                .beginControlFlow("if (n != $L)", SAVED_N)
                .addStatement("throw new $T($S + $L + $S + n)", IllegalArgumentException.class,
                        "backward must see the batch of the last forward, ", SAVED_N, " samples, found ")
                .endControlFlow()
                .addCode(ModelGenerator.checkLength("dOutput", out, batch));
        if (readsX) {
            m.addStatement("float[] x = $L", SAVED_X);
        }
        return m.addStatement("this.$L = -1", SAVED_N)
                .addCode(code)
                .build();
    }

    private MethodSpec gradients() {
        return MethodSpec.methodBuilder("gradients")
                .addModifiers(Modifier.PUBLIC)
                .addJavadoc("The gradient tensors, in the order of {@link #parameters}.\n")
                .returns(ParameterizedTypeName.get(ClassName.get(List.class), ModelGenerator.TENSOR))
                .addStatement("return $T.of($L)", List.class, String.join(", ", grads))
                .build();
    }

    private MethodSpec zeroGrad() {
        MethodSpec.Builder m = MethodSpec.methodBuilder("zeroGrad")
                .addModifiers(Modifier.PUBLIC)
                .addJavadoc("Sets every gradient to zero, like PyTorch's {@code zero_grad(set_to_none=False)}.\n");
        for (String grad : grads) {
            m.addStatement("$T.fill($L.data(), 0f)", Arrays.class, grad);
        }
        return m.build();
    }
}
