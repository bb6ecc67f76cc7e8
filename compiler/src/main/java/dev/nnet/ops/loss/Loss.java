package dev.nnet.ops.loss;

import dev.nnet.diag.Code;
import dev.nnet.ops.OpBase;
import dev.nnet.ops.OpContext;
import dev.nnet.ops.OpKind;
import dev.nnet.ops.ParamSpec;
import dev.nnet.ops.Signature;
import dev.nnet.types.Args;
import dev.nnet.types.Dim;
import dev.nnet.types.ElemType;
import dev.nnet.types.TensorType;
import dev.nnet.types.Value;
import java.util.ArrayList;
import java.util.List;

/**
 * The rule shared by the losses: {@code input} is the model output, {@code target} the labels; the result is a
 * scalar for {@code reduction=mean|sum} and one loss per element (or per sample) for {@code none}.
 */
public abstract class Loss extends OpBase {
    private static final Signature SIGNATURE = Signature.of(
            ParamSpec.word("reduction", "mean", List.of("mean", "sum", "none"),
                    "`mean` or `sum` of the per-element losses, or `none` to keep them"));

    public Loss(String name, String displayName) {
        super(name, displayName, OpKind.LOSS, SIGNATURE, List.of("input", "target"));
    }

    /** The op whose output this loss should warn about (W0303), or empty. */
    List<String> warnAfter() {
        return List.of();
    }

    /** Checks the target against the (float) input; returns the per-element loss shape, or null after reporting. */
    abstract TensorType checkTarget(OpContext ctx, TensorType input, TensorType target);

    /** Extra rule on the model output, e.g. a minimum rank; null when it fits, else the reason. */
    String inputProblem(TensorType input) {
        return null;
    }

    @Override
    public Value apply(OpContext ctx, Args args, List<Value> inputs) {
        if (inputs.isEmpty() || inputs.get(0) instanceof Value.Unknown) {
            return Value.UNKNOWN;
        }
        Value in = inputs.get(0);
        if (!(in instanceof Value.Tensor x)) {
            return ctx.fail(Code.E0209, ctx.inputSpan(0),
                    "model output " + Value.describe(in) + " cannot feed `" + name() + "`",
                    r -> origin(ctx, r.spanLabel("a tuple, not one tensor"))
                            .help("return a single tensor from `forward`, or pick one element of the tuple"));
        }
        TensorType xt = x.type();
        if (xt.elem() == ElemType.INT) {
            return ctx.fail(Code.E0209, ctx.inputSpan(0),
                    "model output " + xt + " cannot feed `" + name() + "`: it needs float predictions",
                    r -> origin(ctx, r.spanLabel("integer tensor " + xt)));
        }
        String problem = inputProblem(xt);
        if (problem != null) {
            return ctx.fail(Code.E0209, ctx.inputSpan(0),
                    "model output " + xt + " cannot feed `" + name() + "`: " + problem,
                    r -> origin(ctx, r.spanLabel("has shape " + xt.shapeText())));
        }
        if (warnAfter().contains(x.producer())) {
            warn(ctx, x.producer());
        }
        if (inputs.size() < 2 || inputs.get(1) instanceof Value.Unknown) {
            return Value.UNKNOWN;
        }
        Value target = inputs.get(1);
        if (!(target instanceof Value.Tensor t)) {
            return ctx.fail(Code.E0208, ctx.inputSpan(1),
                    "`" + name() + "` expects a target tensor for input " + xt + ", found " + Value.describe(target),
                    r -> r.spanLabel("not a tensor"));
        }
        TensorType perElement = checkTarget(ctx, xt, t.type());
        if (perElement == null) {
            return Value.UNKNOWN;
        }
        TensorType out = args.word("reduction", "mean").equals("none")
                ? new TensorType(ElemType.FLOAT, perElement.dims())
                : new TensorType(ElemType.FLOAT, List.of());
        return new Value.Tensor(out, name());
    }

    /** W0303: the model already squashes what this loss squashes itself. */
    void warn(OpContext ctx, String producer) {
    }

    /** Reports E0208: the target's shape does not fit the input. */
    TensorType badTargetShape(OpContext ctx, TensorType input, String expected, TensorType target,
                              java.util.function.UnaryOperator<dev.nnet.diag.Report> more) {
        ctx.report(Code.E0208, ctx.inputSpan(1),
                "`" + name() + "` expects a target of shape " + expected + " for input " + input + ", found "
                        + target,
                r -> {
                    r.spanLabel("target has shape " + target);
                    r.label(ctx.inputSpan(0), "model output has shape " + input);
                    more.apply(r);
                    // The targets are one per sample; an output that moved the batch is the thing to fix.
                    dev.nnet.ops.Blame.batchChange(ctx.inputValue(0)).ifPresent(b -> {
                        String op = b.step().op();
                        String how = op.equals("view") || op.equals("reshape") ? " (e.g. `" + op + "(" + b.in().dim(0)
                                + ", -1)`)" : op.equals("concat") || op.equals("cat") ? " (join along another dimension)"
                                : "";
                        r.help("keep the batch on line " + b.step().span().line() + how + ": the targets hold one row "
                                + "per sample, " + b.in().dim(0) + " of them, the output " + b.out().dim(0));
                    });
                    return r;
                });
        return null;
    }

    static dev.nnet.diag.Report origin(OpContext ctx, dev.nnet.diag.Report r) {
        String origin = ctx.inputOrigin(0);
        return origin.isEmpty() ? r : r.note(origin);
    }

    /** Notes the dimensions that differ only symbolically, e.g. {@code B} against {@code N}. */
    static dev.nnet.diag.Report symbolNotes(dev.nnet.diag.Report r, List<Dim> want, List<Dim> found) {
        if (want.size() != found.size()) {
            return r;
        }
        for (int i = 0; i < want.size(); i++) {
            Dim a = want.get(i);
            Dim b = found.get(i);
            if (!a.equals(b) && (!a.isConstant() || !b.isConstant())) {
                r.note("dimension " + i + " is " + b + " but must be " + a
                        + "; they are not equal for every value of their symbols");
            }
        }
        return r;
    }

    /** The input's shape without the class dimension (1, or 0 for an unbatched [C]). */
    static List<Dim> withoutClassDim(TensorType input) {
        List<Dim> dims = new ArrayList<>(input.dims());
        dims.remove(input.rank() == 1 ? 0 : 1);
        return dims;
    }
}
