package dev.nnet.ops.pointwise;

import static dev.nnet.ops.ParamSpec.optional;

import dev.nnet.diag.Code;
import dev.nnet.ops.OpBase;
import dev.nnet.ops.OpContext;
import dev.nnet.ops.OpKind;
import dev.nnet.ops.Shapes;
import dev.nnet.ops.Signature;
import dev.nnet.types.Args;
import dev.nnet.types.TensorType;
import dev.nnet.types.Value;
import java.util.List;
import java.util.Optional;
import dev.nnet.ir.Node;
import dev.nnet.ops.LowerContext;

/** {@code dropout(p=0.5)}: zeroes elements at random while training. */
public final class Dropout extends OpBase {
    private static final Signature SIGNATURE = Signature.of(
            optional("p", 0.5, "probability of zeroing an element, in [0, 1)"));

    public Dropout() {
        super("dropout", "Dropout", OpKind.STATELESS, SIGNATURE, List.of("input"));
    }

    @Override
    public Value apply(OpContext ctx, Args args, List<Value> inputs) {
        double p = args.real("p", 0.5);
        if (!(p >= 0 && p < 1)) {
            return ctx.fail(Code.E0112, args.spanOf("p"),
                    "`p` of `" + ctx.layerName() + "` must be at least 0 and below 1, found " + p,
                    r -> r.spanLabel("a probability of zeroing each element")
                            .help(p >= 1 ? "p = 1 drops everything; use a smaller probability such as 0.5"
                                    : "use a probability such as 0.5"));
        }
        Optional<TensorType> in = Shapes.floatInput(ctx, inputs, 0);
        return in.<Value>map(t -> new Value.Tensor(t, name())).orElse(Value.UNKNOWN);
    }

    /** Dropout is active only in training; evaluation and inference pass the input through. */
    @Override
    public Node lower(LowerContext cx) {
        Node x = cx.input(0);
        double p = cx.args().real("p", 0.5);
        return cx.training() && p > 0 ? cx.add(new dev.nnet.ir.op.Dropout((float) p), x) : x;
    }

    @Override
    public String doc() {
        return "While training, zeroes each element with probability `p` and scales the rest by 1 / (1 − p); "
                + "at evaluation it passes the input through. Same shape out. No parameters.";
    }
}
