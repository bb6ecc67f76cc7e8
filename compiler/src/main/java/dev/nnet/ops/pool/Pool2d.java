package dev.nnet.ops.pool;

import dev.nnet.diag.Code;
import dev.nnet.ir.Node;
import dev.nnet.ir.op.PoolGeometry;
import dev.nnet.ops.LowerContext;
import dev.nnet.ops.ArgKind;
import dev.nnet.ops.OpBase;
import dev.nnet.ops.OpContext;
import dev.nnet.ops.OpKind;
import dev.nnet.ops.ParamSpec;
import dev.nnet.ops.Shapes;
import dev.nnet.ops.Signature;
import dev.nnet.ops.Window;
import dev.nnet.types.Args;
import dev.nnet.types.Dim;
import dev.nnet.types.SlidingWindow;
import dev.nnet.types.TensorType;
import dev.nnet.types.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The shape rule shared by {@code max_pool2d} and {@code avg_pool2d}: a window slides over H and W. */
public abstract class Pool2d extends OpBase {
    public Pool2d(String name, String displayName, Signature signature) {
        super(name, displayName, OpKind.STATELESS, signature, List.of("input"));
    }

    @Override
    public Value apply(OpContext ctx, Args args, List<Value> inputs) {
        Optional<TensorType> in = Shapes.floatInput(ctx, inputs, 0);
        if (in.isEmpty() || !Shapes.requireRank(ctx, 0, in.get(), Set.of(3, 4), "a [N, C, H, W] tensor")) {
            return Value.UNKNOWN;
        }
        TensorType x = in.get();
        PoolAttributes a = PoolAttributes.of(args);
        for (SlidingWindow window : List.of(a.height(), a.width())) {
            if (window.kernel() >= 1 && window.padding() > window.kernel() / 2) {
                long kk = window.kernel();
                long pp = window.padding();
                return ctx.fail(Code.E0112, args.spanOf("padding"),
                        "`padding` of `" + ctx.layerName() + "` must be at most half the kernel size, found padding "
                                + pp + " for kernel " + kk,
                        r -> r.spanLabel("at most " + kk / 2 + " for a " + kk + "-wide kernel")
                                .note("PyTorch rejects pooling padding larger than kernel_size / 2"));
            }
        }
        int rank = x.rank();
        // One window problem is reported once: a failing height skips the width check.
        Optional<Dim> h = Window.outputSize(ctx, args, a.height(), x.dim(rank - 2), "height");
        Optional<Dim> w = h.isEmpty() ? Optional.empty()
                : Window.outputSize(ctx, args, a.width(), x.dim(rank - 1), "width");
        if (h.isEmpty() || w.isEmpty()) {
            return Value.UNKNOWN;
        }
        List<Dim> out = new ArrayList<>(x.dims());
        out.set(rank - 2, h.get());
        out.set(rank - 1, w.get());
        return new Value.Tensor(x.withDims(out), name());
    }

    @Override
    public Node lower(LowerContext cx) {
        Node x = cx.input(0);
        PoolAttributes a = PoolAttributes.of(cx.args());
        if (a.dilated()) {
            throw cx.unsupported("dilated pooling is not supported by the code generator yet");
        }
        if (x.type().rank() != 4) {
            throw cx.unsupported("pooling a [C, H, W] tensor without a batch axis is not supported by the code "
                    + "generator yet");
        }
        TensorType t = x.type();
        SlidingWindow h = a.height();
        SlidingWindow w = a.width();
        return cx.add(new dev.nnet.ir.op.Pool2d(new PoolGeometry(name().startsWith("max"), cx.constant(t, 1),
                cx.constant(t, 2), cx.constant(t, 3), (int) h.kernel(), (int) w.kernel(), (int) h.stride(),
                (int) w.stride(), (int) h.padding(), (int) w.padding(), a.ceilMode(), a.countIncludePad())), x);
    }

    /** {@code ceil_mode}: PyTorch's rounding up of the output size. */
    static ParamSpec ceilMode() {
        return ParamSpec.optional("ceil_mode", false, "round the output size up instead of down (a last window may "
                + "start in the padding, not past it)");
    }

    /** {@code stride}, absent unless written: it then defaults to the kernel size. */
    static ParamSpec strideDefaultingToKernel() {
        return ParamSpec.absent("stride", ArgKind.INT_PAIR,
                "step between windows (defaults to kernel_size)");
    }
}
