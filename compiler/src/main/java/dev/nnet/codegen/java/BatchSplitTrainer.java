package dev.nnet.codegen.java;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.nnet.ir.Graph;
import dev.nnet.ir.Node;
import dev.nnet.ir.op.Input;
import dev.nnet.ir.op.Loss;
import dev.nnet.ir.op.LossGrad;
import dev.nnet.ir.op.LossKind;
import dev.nnet.ir.op.Update;
import dev.nnet.lower.LoweredGraph;
import dev.nnet.passes.MemoryPlan;
import dev.nnet.runtime.optim.GradientSum;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.Modifier;

/**
 * The batch-split training step of a trainer: each kernel thread runs the whole forward and backward pass on its
 * share of the batch, in a {@code Share} of its own (buffers and kernel objects sized for the share), and then the
 * calling thread adds the shares' weight gradients in thread order (share 0's + share 1's + ...) and takes the
 * optimizer step once. Only for steps {@link BatchSplitCheck} accepts; the per-op step stays in the trainer, and
 * which one runs is the network's compiled choice or {@code -Dnnet.parallel}.
 *
 * <p>The loss is a mean over the whole batch: each share computes its loss as a sum and scales its loss gradient by
 * 1 / (the whole batch), the way the per-op step does, so per-sample gradients are the same.
 */
final class BatchSplitTrainer {
    private static final ClassName PARALLEL = ClassName.get("dev.nnet.kernels", "Parallel");
    private static final ClassName TASK = PARALLEL.nestedClass("Task");
    private static final ClassName MODE = ClassName.get("dev.nnet.runtime", "ParallelMode");
    private static final ClassName RNG = ClassName.get("dev.nnet.runtime", "Rng");
    private static final TypeName FLOATS = ArrayTypeName.of(TypeName.FLOAT);

    /** Trainer names this class declares; {@link TrainerGenerator} keeps them free. */
    static final List<String> RESERVED = List.of("SPLIT_BATCH", "Share", "shares", "shareTask", "splitN", "splitX",
            "splitTarget", "splitRng", "splitStep", "runShare", "share0", "part", "lossSum",
            "w", "loss");

    private final ClassName share;
    private final TypeName targetType;
    private final boolean compiledChoice;
    private final TypeSpec shareType;
    private final CodeBlock reduceAndUpdate;
    private final String lossExpression;
    private final double flopsPerParameter;

    private BatchSplitTrainer(ClassName share, TypeName targetType, boolean compiledChoice, TypeSpec shareType,
                              CodeBlock reduceAndUpdate, String lossExpression, double flopsPerParameter) {
        this.flopsPerParameter = flopsPerParameter;
        this.share = share;
        this.targetType = targetType;
        this.compiledChoice = compiledChoice;
        this.shareType = shareType;
        this.reduceAndUpdate = reduceAndUpdate;
        this.lossExpression = lossExpression;
    }

    /**
     * @param trainer the trainer class, whose fields hold the optimizer state
     * @param sampleFloats floats per sample in the batch's rows
     * @param compiledChoice whether the trainer splits the batch unless {@code -Dnnet.parallel} says otherwise
     */
    static BatchSplitTrainer generate(ClassName trainerClass, ClassBuilder trainer, LoweredGraph lowered,
                                      Map<String, String> inputs, Map<String, String> params, TypeName targetType,
                                      long sampleFloats, boolean compiledChoice) {
        Graph g = lowered.graph();
        ClassBuilder cls = new ClassBuilder("model", "maxBatch", "samples", "lossSum", "n", "x", "target", "rng",
                "step", "total", "start", "count", "data", "targets", "run");
        MethodEmitter body = new MethodEmitter(cls, lowered, "train", inputs, params);
        body.renderFirst((n, e) -> renderLoss(n, e, g.batchSymbol()));
        List<Node> updates = g.nodes().stream().filter(n -> n.op() instanceof Update).toList();
        CodeBlock shareCode = body.emit(g.nodes().stream().filter(n -> !(n.op() instanceof Update)).toList(), inputs);

        Node target = g.nodes().stream().filter(n -> n.op() instanceof Input in && in.binding().equals("target"))
                .findFirst().orElseThrow();
        long targetWidth = MemoryPlan.size(target.type().numel(), g.batchSymbol())[0];
        TypeName elem = targetType.equals(ArrayTypeName.of(TypeName.INT)) ? TypeName.INT : TypeName.FLOAT;
        String shareX = cls.field("share:x", "shareX", FLOATS, CodeBlock.of("new float[maxBatch * $L]", sampleFloats),
                "This share's rows of the batch (share 0 reads the batch's own)");
        String shareTarget = cls.field("share:target", "shareTarget", targetType,
                CodeBlock.of("new $T[maxBatch * $L]", elem, targetWidth), "This share's targets");
        MethodSpec run = MethodSpec.methodBuilder("run")
                .addJavadoc("The forward and backward pass on samples [start, start + count) of a batch of "
                        + "{@code total}: leaves the loss summed over them in {@code lossSum} and the weight "
                        + "gradients (scaled for the whole batch) in this share's buffers.\n")
                .addParameter(TypeName.INT, "start").addParameter(TypeName.INT, "count")
                .addParameter(FLOATS, "data").addParameter(targetType, "targets")
                .addParameter(RNG, "rng").addParameter(TypeName.LONG, "step").addParameter(TypeName.INT, "total")
                .addStatement("samples = count")
                .addStatement("lossSum = 0")
                .beginControlFlow("if (count == 0)")
                .addStatement("return")
                .endControlFlow()
                .addStatement("int n = count")
                .addStatement("float[] x = data")
                .addStatement("$T target = targets", targetType)
                .beginControlFlow("if (start > 0)")
                .addStatement("$T.arraycopy(data, start * $L, $L, 0, n * $L)", System.class, sampleFloats, shareX,
                        sampleFloats)
                .addStatement("$T.arraycopy(targets, start * $L, $L, 0, n * $L)", System.class, targetWidth,
                        shareTarget, targetWidth)
                .addStatement("x = $L", shareX)
                .addStatement("target = $L", shareTarget)
                .endControlFlow()
                .addCode(shareCode)
                .build();
        TypeSpec shareType = TypeSpec.classBuilder("Share")
                .addModifiers(Modifier.PRIVATE, Modifier.FINAL)
                .addJavadoc("One thread's share of a batch-split step: buffers and kernel objects of its own.\n")
                .addField(FieldSpec.builder(TypeName.INT, "maxBatch", Modifier.PRIVATE, Modifier.FINAL).build())
                .addField(FieldSpec.builder(TypeName.INT, "samples", Modifier.PRIVATE)
                        .addJavadoc("Samples of the last step in this share.\n").build())
                .addField(FieldSpec.builder(TypeName.DOUBLE, "lossSum", Modifier.PRIVATE)
                        .addJavadoc("Their loss, summed.\n").build())
                .addFields(cls.fields())
                .addMethod(MethodSpec.constructorBuilder()
                        .addParameter(TypeName.INT, "maxBatch")
                        .addStatement("this.maxBatch = maxBatch")
                        .addCode(cls.constructorCode())
                        .build())
                .addMethod(run)
                .build();

        CodeBlock.Builder reduce = CodeBlock.builder()
                .add("// The loss and each weight gradient: share 0's, plus every other share's in share order.\n")
                .addStatement("$T share0 = shares[0]", trainerClass.nestedClass("Share"))
                .addStatement("double lossSum = share0.lossSum")
                .beginControlFlow("for (int w = 1; w < shares.length; w++)")
                .addStatement("$T part = shares[w]", trainerClass.nestedClass("Share"))
                .beginControlFlow("if (part.samples == 0)")
                .addStatement("continue")
                .endControlFlow()
                .addStatement("lossSum += part.lossSum");
        for (Node u : updates) {
            Node grad = u.input(1);
            reduce.addStatement("$T.addInto(share0.$L, part.$L, $L)", GradientSum.class, body.array(grad),
                    body.array(grad), body.count(grad));
        }
        reduce.endControlFlow();
        MethodEmitter step = new MethodEmitter(trainer, lowered, "train", inputs, params);
        step.renderFirst((n, e) -> {
            if (n.op() instanceof Update u) {
                ParameterRenderers.update(u, n, new SharedGradients(e, body, "share0"));
                return true;
            }
            return false;
        });
        reduce.add(step.emit(updates, inputs));
        Node lossNode = g.outputs().get("loss");
        Loss loss = (Loss) lossNode.op();
        String mean = loss.sum() ? "(float) lossSum" : "(float) (lossSum / (" + averaged(lossNode, loss.kind(), g.batchSymbol(), "n")
                + "))";
        String value = loss.scale() == 1f ? mean : loss.scale() + "f * " + mean;
        return new BatchSplitTrainer(trainerClass.nestedClass("Share"), targetType, compiledChoice, shareType,
                reduce.build(), value, flopsPerSampleAndParameter(g));
    }

    /**
     * Split the batch when each weight does enough work per sample: every share packs each weight matrix and writes
     * and sums a whole weight gradient, so the split costs per parameter and gains per sample. Convolutions reuse
     * each weight hundreds of times a sample, a linear layer once. Threshold measured on the seed networks at 2
     * threads (tools/bench/PROFILE.md, "batch-split training step"): mnist-mlp-5 (6 flops per parameter) runs
     * faster per-op, the convolutional seeds (27 and up) with the batch split.
     */
    static final double SPLIT_FLOPS_PER_PARAMETER = 12;

    /** The network's compiled mode: split the batch when its step's flops per sample per parameter reach the bar. */
    static boolean compiledChoice(Graph step) {
        return flopsPerSampleAndParameter(step) >= SPLIT_FLOPS_PER_PARAMETER;
    }

    /** The training step's counted flops (GEMM and convolution passes) per sample, over the parameter count. */
    static double flopsPerSampleAndParameter(Graph step) {
        long flops = 0;
        long parameters = 0;
        for (Node n : step.nodes()) {
            flops += MemoryPlan.size(dev.nnet.ir.Costs.of(n).flops(), step.batchSymbol())[0];
            if (n.op() instanceof dev.nnet.ir.op.Param) {
                parameters += MemoryPlan.size(n.type().numel(), step.batchSymbol())[1];
            }
        }
        return parameters == 0 ? Double.POSITIVE_INFINITY : flops / (double) parameters;
    }

    /** The loss as a sum over the share, and its gradient scaled by 1 / (what the whole batch's mean divides by). */
    private static boolean renderLoss(Node n, JavaEmitter e, String batchSymbol) {
        if (n.op() instanceof Loss l) {
            Node grad = e.lossPartner(n);
            e.statement("lossSum = $L", grad == null ? LossRenderers.call(e, n, l.kind(), true, null, "1f")
                    : LossRenderers.call(e, n, l.kind(), true, grad, gradScale(grad, batchSymbol)));
            return true;
        }
        if (n.op() instanceof LossGrad) {
            if (e.lossPartner(n) != null) {
                e.code(CodeBlock.of("// written by the loss call above\n"));
            } else {
                e.statement("$L", LossRenderers.call(e, n, ((LossGrad) n.op()).kind(), true, n,
                        gradScale(n, batchSymbol)));
            }
            return true;
        }
        return false;
    }

    /** The share's gradient scale: 1 / (what the whole batch's mean divides by), times the loss's scale. */
    private static String gradScale(Node grad, String batchSymbol) {
        LossGrad l = (LossGrad) grad.op();
        return l.sum() ? l.scale() + "f" : l.scale() + "f / (" + averaged(grad, l.kind(), batchSymbol, "total") + ")";
    }

    /** What a mean loss divides by, for a batch of {@code batch}: its rows (class targets) or its elements. */
    private static String averaged(Node loss, LossKind kind, String batchSymbol, String batch) {
        Node counted = kind.classTargets() ? loss.input(1) : loss.input(0);
        long[] size = MemoryPlan.size(counted.type().numel(), batchSymbol);
        return MethodEmitter.sizeExpr(size[0], size[1], batch);
    }

    /** Adds the fields, the nested {@code Share} class and the methods of the batch-split step to the trainer. */
    void addTo(TypeSpec.Builder type) {
        type.addField(FieldSpec.builder(TypeName.BOOLEAN, "SPLIT_BATCH", Modifier.PRIVATE, Modifier.STATIC,
                        Modifier.FINAL).initializer("$L", compiledChoice)
                        .addJavadoc("Whether a step splits the batch across the kernel threads (each trains on its "
                                + "share) rather than each kernel its work, unless {@code -Dnnet.parallel=batch|ops} "
                                + "says otherwise: $L at $L flops per sample and parameter (the bar is $L).\n",
                                compiledChoice ? "yes" : "no", Math.round(flopsPerParameter),
                                Math.round(SPLIT_FLOPS_PER_PARAMETER)).build())
                .addField(FieldSpec.builder(ArrayTypeName.of(share), "shares", Modifier.PRIVATE, Modifier.FINAL)
                        .addJavadoc("One share per kernel thread when the batch is split, else null.\n").build())
                .addField(FieldSpec.builder(TASK, "shareTask", Modifier.PRIVATE, Modifier.FINAL).build())
                .addField(FieldSpec.builder(TypeName.INT, "splitN", Modifier.PRIVATE).build())
                .addField(FieldSpec.builder(FLOATS, "splitX", Modifier.PRIVATE).build())
                .addField(FieldSpec.builder(targetType, "splitTarget", Modifier.PRIVATE).build())
                .addField(FieldSpec.builder(RNG, "splitRng", Modifier.PRIVATE).build())
                .addField(FieldSpec.builder(TypeName.LONG, "splitStep", Modifier.PRIVATE).build())
                .addType(shareType);
    }

    /** Constructor statements: the share task, and the shares when the batch is split. */
    CodeBlock constructorCode() {
        return CodeBlock.builder()
                .addStatement("this.shareTask = this::runShare")
                .addStatement("int workers = $T.threads()", PARALLEL)
                .addStatement("this.shares = $T.splitBatch(SPLIT_BATCH) && workers > 1 ? new $T[workers] : null",
                        MODE, share)
                .beginControlFlow("for (int w = 0; shares != null && w < workers; w++)")
                .addStatement("shares[w] = new $T((maxBatch + workers - 1) / workers)", share)
                .endControlFlow()
                .build();
    }

    /** The first statement of {@code trainStep}: hands the step to the shares when they are set up. */
    CodeBlock dispatch() {
        return CodeBlock.builder()
                .beginControlFlow("if (shares != null && n > 0 && $T.threads() == shares.length)", PARALLEL)
                .addStatement("return splitStep(n, x, target, rng, step)")
                .endControlFlow()
                .build();
    }

    List<MethodSpec> methods() {
        MethodSpec split = MethodSpec.methodBuilder("splitStep").addModifiers(Modifier.PRIVATE)
                .addJavadoc("The training step with the batch split across threads: shares in parallel, then the "
                        + "gradients added in share order and one optimizer step.\n")
                .returns(TypeName.FLOAT)
                .addParameter(TypeName.INT, "n").addParameter(FLOATS, "x").addParameter(targetType, "target")
                .addParameter(RNG, "rng").addParameter(TypeName.LONG, "step")
                .addStatement("splitN = n")
                .addStatement("splitX = x")
                .addStatement("splitTarget = target")
                .addStatement("splitRng = rng")
                .addStatement("splitStep = step")
                .beginControlFlow("try")
                .addStatement("$T.runShares(shareTask)", PARALLEL)
                .nextControlFlow("finally")
                .addStatement("splitX = null")
                .addStatement("splitTarget = null")
                .addStatement("splitRng = null")
                .endControlFlow()
                .addCode(reduceAndUpdate)
                .addStatement("return $L", lossExpression)
                .build();
        MethodSpec runShare = MethodSpec.methodBuilder("runShare").addModifiers(Modifier.PRIVATE)
                .addJavadoc("Worker {@code worker}'s share: samples split as evenly as they go, the first "
                        + "{@code n % workers} shares one larger.\n")
                .addParameter(TypeName.INT, "worker").addParameter(TypeName.INT, "workers")
                .addStatement("int n = splitN")
                .addStatement("int start = worker * (n / workers) + Math.min(worker, n % workers)")
                .addStatement("int count = n / workers + (worker < n % workers ? 1 : 0)")
                .addStatement("shares[worker].run(start, count, splitX, splitTarget, splitRng, splitStep, n)")
                .build();
        return List.of(split, runShare);
    }
}
