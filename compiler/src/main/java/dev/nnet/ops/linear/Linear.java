package dev.nnet.ops.linear;

import static dev.nnet.ops.ParamSpec.inferred;
import static dev.nnet.ops.ParamSpec.optional;
import static dev.nnet.ops.ParamSpec.required;

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
import dev.nnet.ir.Node;
import dev.nnet.ir.op.Act;
import dev.nnet.ops.LowerContext;

/** {@code linear(in_features, out_features, bias=true)}: y = x Wᵀ + b over the last dimension. */
public final class Linear extends OpBase {
    private static final Signature SIGNATURE = Signature.of(
            inferred("in_features", ArgKind.INT, "size of each input sample (inferred from the first use if omitted)")
                    .alias("in"),
            required("out_features", ArgKind.INT, "size of each output sample").alias("out"),
            optional("bias", true, "learn an additive bias"));

    public Linear() {
        super("linear", "Linear", OpKind.PARAMETRIC, SIGNATURE, List.of("input"));
    }

    @Override
    public Value apply(OpContext ctx, Args args, List<Value> inputs) {
        Optional<TensorType> in = Shapes.floatInput(ctx, inputs, 0);
        if (in.isEmpty()) {
            return Value.UNKNOWN;
        }
        TensorType x = in.get();
        if (x.rank() == 0) {
            Shapes.requireRank(ctx, 0, x, java.util.Set.of(1, 2, 3, 4, 5), "a tensor of shape [*, in_features]");
            return Value.UNKNOWN;
        }
        Dim features = x.dim(-1);
        if (!Shapes.inferSize(ctx, args, "in_features", features, 0)) {
            return Value.UNKNOWN;
        }
        long expected = args.integer("in_features", -1);
        String fixed = "linear(" + features + ", " + args.integer("out_features", 0) + ")";
        if (!Shapes.requireSize(ctx, args, "in_features", "input features", expected, features, 0, x, fixed)) {
            return Value.UNKNOWN;
        }
        return new Value.Tensor(x.withDim(-1, Dim.of(args.integer("out_features", 0))), name());
    }

    @Override
    public List<ParamTensor> parameters(Args args) {
        long in = args.integer("in_features", 0);
        long out = args.integer("out_features", 0);
        return args.bool("bias", true)
                ? List.of(ParamTensor.of("weight", out, in), ParamTensor.of("bias", out))
                : List.of(ParamTensor.of("weight", out, in));
    }

    @Override
    public Dim macs(Args args, List<TensorType> inputs, TensorType output) {
        TensorType x = inputs.get(0);
        Dim rows = x.rank() > 1 ? Shapes.product(x.dims(), 1, x.rank() - 1) : Dim.of(1);
        return rows.times(args.integer("in_features", 0) * args.integer("out_features", 0));
    }

    @Override
    public Node lower(LowerContext cx) {
        List<Node> in = cx.withParameters(cx.input(0));
        return cx.add(new dev.nnet.ir.op.Linear(in.size() == 3, Act.NONE), in.toArray(new Node[0]));
    }

    @Override
    public String doc() {
        return "Applies an affine map y = x·Wᵀ + b to the last dimension: [*, in_features] → [*, out_features]. "
                + "Parameters `weight` [out_features, in_features] and `bias` [out_features], initialised like "
                + "PyTorch (Kaiming-uniform).";
    }
}
