package dev.nnet.ops;

import dev.nnet.diag.Code;
import dev.nnet.types.Args;
import dev.nnet.types.Dim;
import dev.nnet.types.TensorType;
import dev.nnet.types.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The shape rule shared by {@code max_pool2d} and {@code avg_pool2d}: a window slides over H and W. */
abstract class Pool2d extends OpBase {
    Pool2d(String name, String displayName, Signature signature) {
        super(name, displayName, OpKind.STATELESS, signature, List.of("input"));
    }

    @Override
    public Value apply(OpContext ctx, Args args, List<Value> inputs) {
        Optional<TensorType> in = Shapes.floatInput(ctx, inputs, 0);
        if (in.isEmpty() || !Shapes.requireRank(ctx, 0, in.get(), Set.of(3, 4), "a [N, C, H, W] tensor")) {
            return Value.UNKNOWN;
        }
        TensorType x = in.get();
        long[] k = args.pair("kernel_size").orElse(new long[] {1, 1});
        long[] p = args.pair("padding").orElse(new long[] {0, 0});
        for (int axis = 0; axis < 2; axis++) {
            if (k[axis] >= 1 && p[axis] > k[axis] / 2) {
                long kk = k[axis];
                long pp = p[axis];
                return ctx.fail(Code.E0112, args.spanOf("padding"),
                        "`padding` of `" + ctx.layerName() + "` must be at most half the kernel size, found padding "
                                + pp + " for kernel " + kk,
                        r -> r.spanLabel("at most " + kk / 2 + " for a " + kk + "-wide kernel")
                                .note("PyTorch rejects pooling padding larger than kernel_size / 2"));
            }
        }
        int rank = x.rank();
        // One window problem is reported once: a failing height skips the width check.
        Optional<Dim> h = Window.outputSize(ctx, args, x.dim(rank - 2), 0, "height");
        Optional<Dim> w = h.isEmpty() ? Optional.empty() : Window.outputSize(ctx, args, x.dim(rank - 1), 1, "width");
        if (h.isEmpty() || w.isEmpty()) {
            return Value.UNKNOWN;
        }
        List<Dim> out = new ArrayList<>(x.dims());
        out.set(rank - 2, h.get());
        out.set(rank - 1, w.get());
        return new Value.Tensor(x.withDims(out), name());
    }

    /** {@code stride}, absent unless written: it then defaults to the kernel size. */
    static ParamSpec strideDefaultingToKernel() {
        return ParamSpec.absent("stride", ArgKind.INT_PAIR,
                "step between windows (defaults to kernel_size)");
    }
}
