package dev.nnet.ops;

import dev.nnet.diag.Code;
import dev.nnet.types.Dim;
import dev.nnet.types.ElemType;
import dev.nnet.types.TensorType;
import dev.nnet.types.Value;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Checks shared by many shape rules, each reporting in the house style. */
public final class Shapes {
    private Shapes() {
    }

    /** The i-th input as a float tensor, or empty after reporting (E0207 for an int tensor). */
    public static Optional<TensorType> floatInput(OpContext ctx, List<Value> inputs, int i) {
        Optional<TensorType> t = tensorInput(ctx, inputs, i);
        if (t.isPresent() && t.get().elem() == ElemType.INT) {
            ctx.report(Code.E0207, ctx.inputSpan(i),
                    "`" + ctx.layerName() + "` needs a float tensor, found integer tensor " + t.get(),
                    r -> r.spanLabel("integer tensor " + t.get())
                            .help("integer tensors hold indices; feed them through an `embedding`, or use float data"));
            return Optional.empty();
        }
        return t;
    }

    /** The i-th input as a tensor of any element type; empty when poisoned by an earlier error. */
    public static Optional<TensorType> tensorInput(OpContext ctx, List<Value> inputs, int i) {
        if (i < inputs.size() && inputs.get(i) instanceof Value.Tensor t) {
            return Optional.of(t.type());
        }
        return Optional.empty();
    }

    /** Reports E0210 unless the tensor has one of the ranks; {@code what} describes the expected layout. */
    public static boolean requireRank(OpContext ctx, int input, TensorType t, Set<Integer> ranks, String what) {
        if (ranks.contains(t.rank())) {
            return true;
        }
        ctx.report(Code.E0210, ctx.inputSpan(input),
                "`" + ctx.layerName() + "` expects " + what + ", found rank-" + t.rank() + " tensor " + t,
                r -> r.spanLabel("has shape " + t.shapeText()));
        return false;
    }

    /**
     * Compares an expected size with the one found; reports E0201 with the input's origin and, when the
     * mismatch hinges on a symbol, says so. {@code argName} is the parameter to rewrite in the suggested fix and
     * {@code suggestedCall} the declaration with it rewritten, e.g. {@code linear(400, 10)}.
     */
    public static boolean requireSize(OpContext ctx, dev.nnet.types.Args args, String argName, String noun,
                                      long expected, Dim found, int input, TensorType inputType,
                                      String suggestedCall) {
        if (found.isConstant() && found.constantTerm() == expected) {
            return true;
        }
        String layer = ctx.layerName();
        ctx.report(Code.E0201, ctx.callSpan(),
                opNoun(ctx) + " `" + layer + "` expects " + expected + " " + noun + ", found " + found,
                r -> {
                    r.spanLabel("input has shape " + inputType.shapeText());
                    String origin = ctx.inputOrigin(input);
                    if (!origin.isEmpty()) {
                        r.note(origin);
                    }
                    if (!found.isConstant()) {
                        r.note("the size " + found + " depends on symbol" + (found.symbols().size() > 1 ? "s " : " ")
                                + String.join(", ", found.symbols().stream().map(s -> "`" + s + "`").toList())
                                + "; it is not " + expected + " for every value");
                    } else if (Blame.misplacedAxis(ctx.inputValue(input), axisOf(inputType, found), expected)
                            .isPresent()) {
                        // The layer's size is right; the axis it reads was put in the wrong place.
                        Blame.CauseFix f = Blame.misplacedAxis(ctx.inputValue(input), axisOf(inputType, found),
                                expected).get();
                        r.fix(f.text(), f.at(), f.replacement());
                    } else if (Blame.batchChange(ctx.inputValue(input)).isPresent()) {
                        // Resizing this layer to the moved batch's features would lock the mistake in.
                        Blame.BatchChange moved = Blame.batchChange(ctx.inputValue(input)).get();
                        Blame.restoreBatch(moved, expected).ifPresentOrElse(
                                f -> r.fix(f.text(), f.at(), f.replacement()),
                                () -> r.help("fix line " + moved.step().span().line() + ", where the batch "
                                        + "dimension changed; this layer's size is not the mistake"));
                    } else if (args.written(argName) && suggestedCall != null) {
                        if (!ctx.declSpan().equals(ctx.callSpan())) {
                            r.label(args.spanOf(argName), argName + " = " + expected + " declared here");
                        }
                        String declare = layer.startsWith("sequential[") ? "write `" + suggestedCall + "`"
                                : "declare `" + layer + " = " + suggestedCall + "`";
                        if (ctx.insideBlock()) {
                            // The block's other uses, or its parameters, may need the size as written.
                            r.help(declare + " on line " + ctx.declSpan().line() + " if every use of the block "
                                    + "gives " + found + " " + noun);
                        } else {
                            r.fix(declare + " on line " + ctx.declSpan().line(), args.spanOf(argName),
                                    found.toString());
                        }
                    }
                    return r;
                });
        return false;
    }

    /** Which dimension of {@code t} the rule read {@code found} from (the same object), or -1. */
    private static int axisOf(TensorType t, Dim found) {
        for (int i = 0; i < t.rank(); i++) {
            if (t.dims().get(i) == found) {
                return i;
            }
        }
        return -1;
    }

    /** Fills an inferable size from the input at first use; symbolic sizes cannot be inferred (E0117). */
    public static boolean inferSize(OpContext ctx, dev.nnet.types.Args args, String argName, Dim found, int input) {
        if (args.has(argName)) {
            return true;
        }
        if (!found.isConstant()) {
            ctx.report(Code.E0117, ctx.inputSpan(input),
                    "cannot infer `" + argName + "` of `" + ctx.layerName() + "` from symbolic size " + found,
                    r -> r.help("write `" + argName + "` explicitly in the declaration"));
            return false;
        }
        args.infer(argName, new Value.Int(found));
        return true;
    }

    /** "linear", "conv2d": the op's own name when a layer name is shown beside it. */
    private static String opNoun(OpContext ctx) {
        return ctx instanceof Named n ? n.opName() : "layer";
    }

    /** Implemented by contexts that know which op they are applying. */
    public interface Named {
        String opName();
    }

    /** {@code a*b*...} of dims from {@code from} (inclusive) to {@code to} (exclusive). */
    public static Dim product(List<Dim> dims, int from, int to) {
        Dim n = Dim.of(1);
        for (int i = from; i < to; i++) {
            n = n.times(dims.get(i));
        }
        return n;
    }
}
