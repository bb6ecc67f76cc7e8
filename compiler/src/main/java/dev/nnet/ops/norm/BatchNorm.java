package dev.nnet.ops.norm;

import static dev.nnet.ops.ParamSpec.inferred;
import static dev.nnet.ops.ParamSpec.optional;

import dev.nnet.diag.Code;
import dev.nnet.ops.ArgKind;
import dev.nnet.ops.OpBase;
import dev.nnet.ops.OpContext;
import dev.nnet.ops.OpKind;
import dev.nnet.ops.ParamTensor;
import dev.nnet.ops.Shapes;
import dev.nnet.ops.Signature;
import dev.nnet.types.Args;
import dev.nnet.types.Dim;
import dev.nnet.types.TensorType;
import dev.nnet.types.Value;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code batch_norm(num_features, eps=1e-5, momentum=0.1, affine=true)}: BatchNorm1d for [N, C] and [N, C, L],
 * BatchNorm2d for [N, C, H, W].
 */
public final class BatchNorm extends OpBase {
    private static final Signature SIGNATURE = Signature.of(
            inferred("num_features", ArgKind.INT, "channels C of the input (inferred from the first use if omitted)"),
            optional("eps", 1e-5, "added to the variance for numerical stability"),
            optional("momentum", 0.1, "weight of the newest batch in the running statistics"),
            optional("affine", true, "learn a per-channel scale `weight` and shift `bias`"));

    public BatchNorm() {
        super("batch_norm", "BatchNorm", OpKind.PARAMETRIC, SIGNATURE, List.of("input"));
    }

    @Override
    public Value apply(OpContext ctx, Args args, List<Value> inputs) {
        Optional<TensorType> in = Shapes.floatInput(ctx, inputs, 0);
        if (in.isEmpty() || !Shapes.requireRank(ctx, 0, in.get(), Set.of(2, 3, 4),
                "[N, C] or [N, C, L] (BatchNorm1d) or [N, C, H, W] (BatchNorm2d)")) {
            return Value.UNKNOWN;
        }
        TensorType x = in.get();
        if (!Shapes.inferSize(ctx, args, "num_features", x.dim(1), 0)) {
            return Value.UNKNOWN;
        }
        long c = args.integer("num_features", -1);
        if (c < 1) {
            return ctx.fail(Code.E0112, args.spanOf("num_features"),
                    "`num_features` of `" + ctx.layerName() + "` must be at least 1, found " + c,
                    r -> r.spanLabel("a channel count"));
        }
        if (!Shapes.requireSize(ctx, args, "num_features", "channels", c, x.dim(1), 0, x,
                "batch_norm(" + x.dim(1) + ")")) {
            return Value.UNKNOWN;
        }
        return new Value.Tensor(x, name());
    }

    @Override
    public List<ParamTensor> parameters(Args args) {
        long c = args.integer("num_features", 0);
        return args.bool("affine", true)
                ? List.of(ParamTensor.of("weight", c), ParamTensor.of("bias", c))
                : List.of();
    }

    @Override
    public Dim macs(Args args, List<TensorType> inputs, TensorType output) {
        return Dim.of(args.bool("affine", true) ? 2 * args.integer("num_features", 0) : 0);
    }

    @Override
    public String doc() {
        return "Normalises each channel (dimension 1) over the batch to zero mean and unit variance, then scales "
                + "and shifts it: BatchNorm1d for [N, C] or [N, C, L], BatchNorm2d for [N, C, H, W]; same shape out. "
                + "Parameters `weight` and `bias` [C] when affine; running mean and variance are buffers.";
    }
}
