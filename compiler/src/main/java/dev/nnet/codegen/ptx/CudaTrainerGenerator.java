package dev.nnet.codegen.ptx;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.nnet.codegen.java.JavaNames;
import dev.nnet.ir.Node;
import dev.nnet.ir.op.Loss;
import dev.nnet.ir.op.LossKind;
import dev.nnet.lower.LoweredProgram;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.Modifier;

/**
 * The host class of a train block's PTX module: {@code <Model>CudaTrainer implements DeviceTrainer}. It allocates
 * every device buffer once (the memory plans' buffers, parameters, optimizer state, workspaces), prepares every
 * kernel launch once, and per step uploads the batch (and dropout masks), sets the batch size and per-step scalars
 * and queues the launches: no allocation and no wait. The loss is added to a sum on the device, read when the loop
 * logs. The CPU trainer of the same block holds the host copies of the parameters and optimizer state, so
 * initialization and checkpoints are the CPU's.
 */
public final class CudaTrainerGenerator {
    private static final String CUDA = "dev.nnet.runtime.cuda";
    private static final ClassName DEVICE = ClassName.get(CUDA, "CudaDevice");
    private static final ClassName BUFFER = ClassName.get(CUDA, "DeviceBuffer");
    private static final ClassName MODULE = ClassName.get(CUDA, "CudaModule");
    private static final ClassName LAUNCH = ClassName.get(CUDA, "Launch");
    private static final ClassName TRAINER = ClassName.get(CUDA, "DeviceTrainer");
    private static final ClassName LOSS_SUM = TRAINER.nestedClass("LossSum");
    private static final ClassName BATCH = ClassName.get("dev.nnet.runtime", "Batch");
    private static final ClassName RNG = ClassName.get("dev.nnet.runtime", "Rng");
    private static final ClassName TOTALS = ClassName.get("dev.nnet.runtime", "EvalTotals");
    private static final ClassName TENSOR = ClassName.get("dev.nnet.runtime", "Tensor");
    private static final ClassName SPEC = ClassName.get("dev.nnet.runtime", "TrainSpec");
    private static final ClassName ACCURACY = ClassName.get("dev.nnet.runtime.metrics", "Accuracy");
    private static final ClassName LOSS_INPUT = ClassName.get("dev.nnet.runtime.loss", "LossInputException");
    /** Lines of PTX per string constant: a class file constant holds 65,535 bytes, and javac nests each `+`. */
    private static final int PTX_LINES_PER_CONSTANT = 600;

    private final PtxModule module;
    private final LoweredProgram.Train train;
    private final Set<String> names = new HashSet<>(List.of("host", "device", "useCublas", "maxBatch", "module",
            "steps", "queuedSteps", "lossHost", "evalOutput", "evalLoss", "SPEC", "PTX", "n", "step", "batch",
            "rng", "totals", "tensors", "tensor", "blocks", "ptx"));
    private final Map<String, String> bufferFields = new LinkedHashMap<>();
    private final Map<Launch, String> launchFields = new LinkedHashMap<>();
    private final CodeBlock.Builder init = CodeBlock.builder();
    private final List<FieldSpec> fields = new ArrayList<>();

    private CudaTrainerGenerator(PtxModule module, LoweredProgram.Train train) {
        this.module = module;
        this.train = train;
    }

    /** The CUDA trainer's class name for the CPU trainer named {@code cpuTrainer} ({@code NetTrainer2}). */
    public static String className(String cpuTrainer) {
        return cpuTrainer.replaceFirst("Trainer(\\d*)$", "CudaTrainer$1");
    }

    /**
     * @param cpuTrainer the Java backend's trainer of the same train block, in the same package
     */
    public static JavaFile generate(LoweredProgram program, LoweredProgram.Train train, String packageName,
                                    String cpuTrainer) {
        PtxModule module = PtxBackend.trainModule(program, train);
        TypeSpec type = new CudaTrainerGenerator(module, train).type(className(cpuTrainer),
                ClassName.get(packageName, cpuTrainer), program.source().source().path().replaceAll(".*[/\\\\]", ""));
        return JavaFile.builder(packageName, type).skipJavaLangImports(true).indent("    ").build();
    }

    private String unique(String hint) {
        String base = JavaNames.identifier(hint);
        String name = base;
        for (int i = 2; !names.add(name); i++) {
            name = base + i;
        }
        return name;
    }

    private TypeSpec type(String className, ClassName cpu, String source) {
        for (DeviceBuffer b : module.buffers()) {
            String f = unique(b.hint());
            bufferFields.put(b.key(), f);
            fields.add(FieldSpec.builder(BUFFER, f, Modifier.PRIVATE, Modifier.FINAL)
                    .addJavadoc("$L $L: $L.\n", b.kind().name().toLowerCase(java.util.Locale.ROOT),
                            b.ints() ? "ints" : "floats", b.tensor() == null ? b.key() : b.tensor()).build());
            init.addStatement("this.$L = device.$L($L)", f, b.ints() ? "allocInts" : "allocFloats",
                    b.capacity().java("(long) maxBatch"));
        }
        for (List<Launch> launches : module.launches().values()) {
            for (Launch l : launches) {
                prepare(l);
                l.afterBlas().forEach(this::prepare);
            }
        }
        List<FieldSpec> maskFields = new ArrayList<>();
        for (PtxModule.Mask m : module.masks().getOrDefault(PtxBackend.TRAIN, List.of())) {
            String f = unique(m.buffer().hint() + "Host");
            maskFields.add(FieldSpec.builder(ArrayTypeName.of(TypeName.FLOAT), f, Modifier.PRIVATE, Modifier.FINAL)
                    .build());
            init.addStatement("this.$L = new float[$L]", f, m.count().java("maxBatch"));
            bufferFields.put("host:" + m.buffer().key(), f);
        }
        Loss loss = (Loss) train.trainStep().graph().outputs().get("loss").op();
        Node evalOut = train.eval().graph().outputs().get("output");
        Size outCount = Size.of(evalOut.type().numel(), train.eval().graph().batchSymbol());
        TypeName tensors = ParameterizedTypeName.get(ClassName.get(List.class), TENSOR);
        return TypeSpec.classBuilder(className)
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addSuperinterface(TRAINER)
                .addJavadoc("GPU trainer of {@code $L} from {@code $L}, generated by nnetc: runs the PTX of "
                        + "{@code nnetc compile --emit=ptx}. Do not edit.\n", train.model().name(), source)
                .addField(FieldSpec.builder(SPEC, "SPEC", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                        .initializer("$T.SPEC", cpu).build())
                .addField(FieldSpec.builder(cpu, "host", Modifier.PRIVATE, Modifier.FINAL)
                        .addJavadoc("The CPU trainer: the host copies of parameters and optimizer state.\n").build())
                .addField(DEVICE, "device", Modifier.PRIVATE, Modifier.FINAL)
                .addField(TypeName.BOOLEAN, "useCublas", Modifier.PRIVATE, Modifier.FINAL)
                .addField(TypeName.INT, "maxBatch", Modifier.PRIVATE, Modifier.FINAL)
                .addField(MODULE, "module", Modifier.PRIVATE, Modifier.FINAL)
                .addField(ParameterizedTypeName.get(ClassName.get(Map.class), ClassName.get(String.class), TENSOR),
                        "tensors", Modifier.PRIVATE, Modifier.FINAL)
                .addField(FieldSpec.builder(TypeName.LONG, "steps", Modifier.PRIVATE).build())
                .addField(FieldSpec.builder(TypeName.INT, "queuedSteps", Modifier.PRIVATE).build())
                .addField(FieldSpec.builder(ArrayTypeName.of(TypeName.FLOAT), "lossHost", Modifier.PRIVATE,
                        Modifier.FINAL).initializer("new float[2]").build())
                .addField(FieldSpec.builder(ArrayTypeName.of(TypeName.FLOAT), "evalOutput", Modifier.PRIVATE,
                        Modifier.FINAL).build())
                .addField(FieldSpec.builder(ArrayTypeName.of(TypeName.FLOAT), "evalLoss", Modifier.PRIVATE,
                        Modifier.FINAL).initializer("new float[1]").build())
                .addFields(fields)
                .addFields(maskFields)
                .addMethod(constructor(cpu, outCount))
                .addMethod(ptx())
                .addMethod(override("spec", SPEC).addStatement("return SPEC").build())
                .addMethod(override("parameters", tensors).addStatement("return host.parameters()").build())
                .addMethod(override("optimizerState", tensors).addStatement("return host.optimizerState()").build())
                .addMethod(override("optimizerSteps", TypeName.LONG).addStatement("return steps").build())
                .addMethod(override("setOptimizerSteps", TypeName.VOID).addParameter(TypeName.LONG, "steps")
                        .addStatement("this.steps = steps").build())
                .addMethod(override("maxBatch", TypeName.INT).addStatement("return maxBatch").build())
                .addMethod(override("deviceName", ClassName.get(String.class)).addStatement("return device.name()")
                        .build())
                .addMethod(override("initialize", TypeName.VOID).addParameter(RNG, "rng")
                        .addJavadoc("Initializes on the host as the CPU trainer does, then copies to the device.\n")
                        .addStatement("host.initialize(rng)")
                        .addStatement("pushToDevice()").build())
                .addMethod(transfer("pushToDevice", "upload"))
                .addMethod(transfer("pullToHost", "download"))
                .addMethod(enqueueStep(loss))
                .addMethod(override("drainLosses", LOSS_SUM)
                        .addJavadoc("Waits for the queued steps; the sum is a double kept in two floats.\n")
                        .addStatement("device.download($L, 0, lossHost, 0, 2)", bufferFields.get("work:lossSum"))
                        .addStatement("long bits = ((long) Float.floatToRawIntBits(lossHost[1]) << 32) "
                                + "| (Float.floatToRawIntBits(lossHost[0]) & 0xffffffffL)")
                        .addStatement("$T sum = new $T(Double.longBitsToDouble(bits), queuedSteps)", LOSS_SUM,
                                LOSS_SUM)
                        .addStatement("queuedSteps = 0")
                        .addStatement("device.zero($L)", bufferFields.get("work:lossSum"))
                        .addStatement("return sum").build())
                .addMethod(override("trainStep", TypeName.FLOAT).addParameter(BATCH, "batch").addParameter(RNG, "rng")
                        .addJavadoc("One step, waiting for its loss (the sum of any steps queued before it too).\n")
                        .addStatement("enqueueStep(batch, rng)")
                        .addStatement("return (float) drainLosses().sum()").build())
                .addMethod(evalBatch(loss, evalOut))
                .addMethod(MethodSpec.methodBuilder("tensor").addModifiers(Modifier.PRIVATE).returns(TENSOR)
                        .addParameter(String.class, "name")
                        .addJavadoc("The CPU trainer's tensor of this name (a parameter or optimizer state).\n")
                        .addStatement("$T t = tensors.get(name)", TENSOR)
                        .beginControlFlow("if (t == null)")
                        .addStatement("throw new $T($S + name)", IllegalStateException.class,
                                "the CPU trainer has no tensor ")
                        .endControlFlow()
                        .addStatement("return t").build())
                .addMethod(MethodSpec.methodBuilder("blocks").addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                        .returns(TypeName.INT).addParameter(TypeName.LONG, "count").addParameter(TypeName.INT, "per")
                        .addJavadoc("Blocks of {@code per} covering {@code count}, at least one.\n")
                        .addStatement("return (int) Math.max(1, (count + per - 1) / per)").build())
                .build();
    }

    private void prepare(Launch l) {
        if (launchFields.containsKey(l)) {
            return;
        }
        String f = unique(l.kernel());
        launchFields.put(l, f);
        fields.add(FieldSpec.builder(LAUNCH, f, Modifier.PRIVATE, Modifier.FINAL).addJavadoc("$L\n",
                l.comment()).build());
        List<String> args = new ArrayList<>(List.of("0"));
        for (Launch.Arg a : l.args()) {
            args.add(a instanceof Launch.Arg.Buffer b ? bufferFields.get(b.buffer().key())
                    : a instanceof Launch.Arg.IntValue ? "0" : "0f");
        }
        init.addStatement("this.$L = module.kernel($S).prepare($L)", f, l.kernel(), String.join(", ", args));
    }

    private MethodSpec constructor(ClassName cpu, Size outCount) {
        return MethodSpec.constructorBuilder().addModifiers(Modifier.PUBLIC)
                .addJavadoc("Loads the module and allocates every device buffer for batches of up to "
                        + "{@code maxBatch}; none is allocated while training.\n"
                        + "@param useCublas run the linear layers' GEMMs on cuBLAS instead of the generated kernel\n")
                .addParameter(TypeName.INT, "maxBatch")
                .addParameter(DEVICE, "device")
                .addParameter(TypeName.BOOLEAN, "useCublas")
                .addStatement("this.maxBatch = maxBatch")
                .addStatement("this.device = device")
                .addStatement("this.useCublas = useCublas")
                .addStatement("this.evalOutput = new float[$L]", outCount.java("maxBatch"))
                .addStatement("this.host = new $T(maxBatch)", cpu)
                .addStatement("this.tensors = new $T<>()", java.util.HashMap.class)
                .addStatement("host.parameters().forEach(t -> tensors.put(t.name(), t))")
                .addStatement("host.optimizerState().forEach(t -> tensors.put(t.name(), t))")
                .addStatement("this.module = device.load(ptx(), $S)", module.name())
                .addCode(init.build())
                .build();
    }

    /** The module's text, in constants small enough for the class file. */
    private MethodSpec ptx() {
        List<String> lines = module.text().lines().toList();
        CodeBlock.Builder b = CodeBlock.builder().add("return String.join($S", "");
        for (int i = 0; i < lines.size(); i += PTX_LINES_PER_CONSTANT) {
            String part = String.join("\n", lines.subList(i, Math.min(lines.size(), i + PTX_LINES_PER_CONSTANT)))
                    + "\n";
            b.add(",\n$S", part);
        }
        return MethodSpec.methodBuilder("ptx").addModifiers(Modifier.PUBLIC, Modifier.STATIC).returns(String.class)
                .addJavadoc("The PTX module ({@code nnetc compile --emit=ptx}).\n")
                .addStatement(b.add(")").build()).build();
    }

    /** Copies every parameter and optimizer-state buffer between the device and the host tensors. */
    private MethodSpec transfer(String name, String direction) {
        MethodSpec.Builder m = override(name, TypeName.VOID);
        for (DeviceBuffer b : module.buffers()) {
            if (b.kind() == DeviceBuffer.Kind.PARAMETER || b.kind() == DeviceBuffer.Kind.STATE) {
                m.addStatement(direction.equals("upload") ? "device.upload($L, 0, tensor($S).data(), 0, $L)"
                        : "device.download($L, 0, tensor($S).data(), 0, $L)", bufferFields.get(b.key()),
                        b.tensor(), b.capacity().fixed());
            }
        }
        if (direction.equals("download")) {
            m.addStatement("device.synchronize()");
        }
        return m.build();
    }

    private MethodSpec enqueueStep(Loss loss) {
        MethodSpec.Builder m = override("enqueueStep", TypeName.VOID).addParameter(BATCH, "batch")
                .addParameter(RNG, "rng")
                .addJavadoc("Uploads the batch, then queues the step's kernels and the loss sum; does not wait.\n")
                .addStatement("int n = batch.n")
                .addCode(checkBatch())
                .addStatement("long step = ++steps")
                .addCode(upload(loss));
        for (PtxModule.Mask mask : module.masks().getOrDefault(PtxBackend.TRAIN, List.of())) {
            String host = bufferFields.get("host:" + mask.buffer().key());
            float keep = 1f / (1f - mask.p());
            m.addComment("dropout mask, drawn as the CPU trainer draws it");
            m.beginControlFlow("for (int i = 0; i < $L; i++)", mask.count().java("n"))
                    .addStatement("$L[i] = rng.nextFloat() < $Lf ? 0f : $Lf", host, mask.p(), keep)
                    .endControlFlow()
                    .addStatement("device.upload($L, 0, $L, 0, $L)", bufferFields.get(mask.buffer().key()), host,
                            mask.count().java("n"));
        }
        m.addCode(runAll(PtxBackend.TRAIN));
        m.addCode(runAll(PtxBackend.LOSS_SUM));
        return m.addStatement("queuedSteps++").build();
    }

    private CodeBlock checkBatch() {
        return CodeBlock.builder()
                .beginControlFlow("if (n < 1 || n > maxBatch)")
                .addStatement("throw new $T($S + maxBatch + $S + n)", IllegalArgumentException.class,
                        "a batch holds 1 to ", " samples, found ")
                .endControlFlow().build();
    }

    /** Uploads x and the targets, checking class indices first as the CPU loss classes do. */
    private CodeBlock upload(Loss loss) {
        CodeBlock.Builder b = CodeBlock.builder();
        for (DeviceBuffer buf : module.buffers()) {
            if (buf.kind() == DeviceBuffer.Kind.INPUT) {
                b.addStatement("device.upload($L, 0, batch.x, 0, $L)", bufferFields.get(buf.key()),
                        buf.capacity().java("n"));
            }
        }
        for (DeviceBuffer buf : module.buffers()) {
            if (buf.kind() == DeviceBuffer.Kind.TARGET) {
                if (buf.ints()) {
                    long classes = ((Node) train.trainStep().graph().outputs().get("loss")).input(0).type().dim(-1)
                            .constant().orElseThrow();
                    b.beginControlFlow("for (int i = 0; i < n; i++)")
                            .beginControlFlow("if (batch.yInt[i] < 0 || batch.yInt[i] >= $L)", classes)
                            .addStatement("throw new $T($S + batch.yInt[i] + $S + i + $S)", LOSS_INPUT,
                                    loss.kind().text() + ": target ", " of row ",
                                    " is not a class index in [0, " + classes + ")")
                            .endControlFlow()
                            .endControlFlow();
                }
                b.addStatement("device.upload($L, 0, batch.$L, 0, $L)", bufferFields.get(buf.key()),
                        buf.ints() ? "yInt" : "yFloat", buf.capacity().java("n"));
            }
        }
        return b.build();
    }

    /** The launches of one role, in order: batch size and per-step scalars set, grids from the batch. */
    private CodeBlock runAll(String role) {
        CodeBlock.Builder b = CodeBlock.builder();
        String last = null;
        for (Launch l : module.launches().getOrDefault(role, List.of())) {
            if (!l.comment().equals(last)) {
                b.add("// $L\n", l.comment());
                last = l.comment();
            }
            if (l.blas() != null) {
                Launch.Blas s = l.blas();
                b.beginControlFlow("if (useCublas)")
                        .addStatement("device.blas().sgemm($L, $L, $L, $L, $L, 1f, $L, $L, $L, $L, $Lf, $L, $L)",
                                s.transA(), s.transB(), s.m().java("n"), s.n().java("n"), s.k().java("n"),
                                bufferFields.get(s.a().key()), s.lda(), bufferFields.get(s.b().key()), s.ldb(),
                                s.beta(), bufferFields.get(s.c().key()), s.ldc());
                l.afterBlas().forEach(after -> b.add(run(after)));
                b.nextControlFlow("else").add(run(l)).endControlFlow();
            } else {
                b.add(run(l));
            }
        }
        return b.build();
    }

    private CodeBlock run(Launch l) {
        String f = launchFields.get(l);
        CodeBlock.Builder b = CodeBlock.builder().addStatement("$L.setInt(0, n)", f);
        for (int i = 0; i < l.args().size(); i++) {
            if (l.args().get(i) instanceof Launch.Arg.IntValue v) {
                b.addStatement("$L.setInt($L, $L)", f, i + 1, v.java());
            } else if (l.args().get(i) instanceof Launch.Arg.FloatValue v) {
                b.addStatement("$L.setFloat($L, $L)", f, i + 1, v.java());
            }
        }
        Launch.Grid g = l.grid();
        return b.addStatement("$L.run($L, $L, $L, $L, 1, 1, 0)", f, blocks(g.x(), g.divX()), blocks(g.y(), g.divY()),
                blocks(g.z(), g.divZ()), g.threads()).build();
    }

    private static String blocks(Size s, int per) {
        if (s.constant()) {
            return Long.toString(Math.max(1, (s.fixed() + per - 1) / per));
        }
        String count = s.perSample() == 1 && s.fixed() == 0 ? "n" : "(long) " + s.java("n");
        return per == 1 ? count : "blocks(" + count + ", " + per + ")";
    }

    private MethodSpec evalBatch(Loss loss, Node evalOut) {
        LossKind kind = loss.kind();
        Size outCount = Size.of(evalOut.type().numel(), train.eval().graph().batchSymbol());
        MethodSpec.Builder m = override("evalBatch", TypeName.VOID).addParameter(BATCH, "batch")
                .addParameter(TOTALS, "totals")
                .addJavadoc("Runs the evaluation graph on the device and reads back its outputs and loss.\n")
                .addStatement("int n = batch.n")
                .addCode(checkBatch())
                .addCode(upload(loss))
                .addCode(runAll(PtxBackend.EVAL))
                .addStatement("device.download($L, 0, evalOutput, 0, $L)",
                        bufferFields.get(module.outputs().get("eval.output").key()), outCount.java("n"))
                .addStatement("device.download($L, 0, evalLoss, 0, 1)",
                        bufferFields.get(module.outputs().get("eval.loss").key()));
        boolean sum = loss.sum();
        m.addStatement("totals.lossSum += $L", sum ? "evalLoss[0]" : "evalLoss[0] * (double) n")
                .addStatement("totals.count += n");
        if (kind.classTargets()) {
            m.addStatement("totals.correct += $T.correctArgmax(n, $L, evalOutput, 0, batch.yInt)", ACCURACY,
                    evalOut.type().dim(-1).constant().orElseThrow());
        } else {
            float threshold = kind == LossKind.BCE_WITH_LOGITS ? 0f : 0.5f;
            m.addStatement("totals.correct += $T.correctBinary(n, evalOutput, 0, batch.yFloat, $Lf)", ACCURACY,
                    threshold);
        }
        return m.build();
    }

    private static MethodSpec.Builder override(String name, TypeName returns) {
        return MethodSpec.methodBuilder(name).addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
                .returns(returns);
    }
}
