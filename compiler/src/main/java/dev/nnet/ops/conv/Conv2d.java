package dev.nnet.ops.conv;

import static dev.nnet.ops.ParamSpec.inferred;
import static dev.nnet.ops.ParamSpec.optional;
import static dev.nnet.ops.ParamSpec.required;

import dev.nnet.diag.Code;
import dev.nnet.ir.Node;
import dev.nnet.ir.op.Act;
import dev.nnet.ir.op.ConvGeometry;
import dev.nnet.ops.LowerContext;
import dev.nnet.ops.ArgKind;
import dev.nnet.ops.OpBase;
import dev.nnet.ops.OpContext;
import dev.nnet.ops.OpKind;
import dev.nnet.ops.ParamTensor;
import dev.nnet.ops.Shapes;
import dev.nnet.ops.Signature;
import dev.nnet.ops.Window;
import dev.nnet.types.Args;
import dev.nnet.types.Dim;
import dev.nnet.types.SlidingWindow;
import dev.nnet.types.TensorType;
import dev.nnet.types.Value;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** {@code conv2d(in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1, bias=true)}. */
public final class Conv2d extends OpBase {
    private static final Signature SIGNATURE = Signature.of(
            inferred("in_channels", ArgKind.INT, "channels of the input (inferred from the first use if omitted)")
                    .alias("in"),
            required("out_channels", ArgKind.INT, "channels produced").alias("out"),
            required("kernel_size", ArgKind.INT_PAIR, "kernel height and width").alias("kernel"),
            optional("stride", ArgKind.INT_PAIR, Value.Int.of(1), "step between windows"),
            optional("padding", ArgKind.INT_PAIR, Value.Int.of(0), "zeros added on each side"),
            optional("dilation", ArgKind.INT_PAIR, Value.Int.of(1), "spacing between kernel elements"),
            optional("groups", 1, "blocked connections from input to output channels"),
            optional("bias", true, "learn an additive bias"));

    public Conv2d() {
        super("conv2d", "Conv2d", OpKind.PARAMETRIC, SIGNATURE, List.of("input"));
    }

    @Override
    public Value apply(OpContext ctx, Args args, List<Value> inputs) {
        Optional<TensorType> in = Shapes.floatInput(ctx, inputs, 0);
        if (in.isEmpty() || !Shapes.requireRank(ctx, 0, in.get(), Set.of(4), "a [N, C, H, W] tensor")) {
            return Value.UNKNOWN;
        }
        TensorType x = in.get();
        if (!Shapes.inferSize(ctx, args, "in_channels", x.dim(1), 0)) {
            return Value.UNKNOWN;
        }
        long inCh = args.integer("in_channels", -1);
        long outCh = args.integer("out_channels", 0);
        ConvAttributes a = ConvAttributes.of(args);
        long groups = a.groups();
        String fixed = "conv2d(" + x.dim(1) + ", " + outCh + ", kernel=" + Value.describe(args.get("kernel_size"))
                + ")";
        if (!Shapes.requireSize(ctx, args, "in_channels", "input channels", inCh, x.dim(1), 0, x, fixed)) {
            return Value.UNKNOWN;
        }
        if (groups < 1 || inCh % groups != 0 || outCh % groups != 0) {
            return ctx.fail(Code.E0112, args.spanOf("groups"),
                    "groups = " + groups + " must divide in_channels (" + inCh + ") and out_channels (" + outCh + ")",
                    r -> r.help("use a common divisor of " + inCh + " and " + outCh));
        }
        // One window problem is reported once: a failing height skips the width check.
        Optional<Dim> h = Window.outputSize(ctx, args, a.height(), x.dim(2), "height");
        Optional<Dim> w = h.isEmpty() ? Optional.empty() : Window.outputSize(ctx, args, a.width(), x.dim(3), "width");
        if (h.isEmpty() || w.isEmpty()) {
            return Value.UNKNOWN;
        }
        return new Value.Tensor(x.withDims(List.of(x.dim(0), Dim.of(outCh), h.get(), w.get())), name());
    }

    @Override
    public Node lower(LowerContext cx) {
        Node x = cx.input(0);
        List<Node> in = cx.withParameters(x);
        ConvAttributes a = ConvAttributes.of(cx.args());
        SlidingWindow h = a.height();
        SlidingWindow w = a.width();
        TensorType t = x.type();
        ConvGeometry g = new ConvGeometry(cx.constant(t, 1), cx.constant(t, 2), cx.constant(t, 3),
                cx.constant(cx.output(), 1), (int) h.kernel(), (int) w.kernel(), (int) h.stride(), (int) w.stride(),
                (int) h.padding(), (int) w.padding(), (int) h.dilation(), (int) w.dilation(), (int) a.groups());
        return cx.add(new dev.nnet.ir.op.Conv2d(g, in.size() == 3, Act.NONE), in.toArray(new Node[0]));
    }

    @Override
    public List<ParamTensor> parameters(Args args) {
        long in = args.integer("in_channels", 0);
        long out = args.integer("out_channels", 0);
        long groups = Math.max(1, args.integer("groups", 1));
        long[] k = args.pair("kernel_size").orElse(new long[] {0, 0});
        ParamTensor weight = ParamTensor.of("weight", out, in / groups, k[0], k[1]);
        return args.bool("bias", true) ? List.of(weight, ParamTensor.of("bias", out)) : List.of(weight);
    }

    @Override
    public Dim macs(Args args, List<TensorType> inputs, TensorType output) {
        long in = args.integer("in_channels", 0);
        long groups = Math.max(1, args.integer("groups", 1));
        long[] k = args.pair("kernel_size").orElse(new long[] {0, 0});
        return output.dim(1).times(output.dim(2)).times(output.dim(3)).times(in / groups * k[0] * k[1]);
    }

    @Override
    public String doc() {
        return "2-D convolution over [N, C_in, H, W] → [N, C_out, H_out, W_out] with "
                + "H_out = ⌊(H + 2·padding − dilation·(kernel − 1) − 1) / stride⌋ + 1. Parameters `weight` "
                + "[C_out, C_in/groups, kH, kW] and `bias` [C_out].";
    }
}
