package dev.nnet.ops;

import dev.nnet.diag.Code;
import dev.nnet.types.Args;
import dev.nnet.types.TensorType;
import java.util.OptionalInt;

/** Dimension-index arguments ({@code dim=-1}) normalised the way PyTorch does, negative counting from the end. */
public final class Axes {
    private Axes() {
    }

    /**
     * The dimension named by argument {@code param} as an index in {@code [0, rank + extra)}, or empty after
     * reporting E0211. {@code extra} is 1 where a new dimension may be inserted ({@code stack}); a rank-0 tensor
     * accepts {@code 0} and {@code -1} like PyTorch's scalar wrapping.
     */
    public static OptionalInt normalize(OpContext ctx, Args args, String param, TensorType t, int extra) {
        long dim = args.integer(param, 0);
        int span = Math.max(t.rank() + extra, 1);
        if (dim < -span || dim >= span) {
            ctx.report(Code.E0211, args.spanOf(param),
                    "dimension " + dim + " is out of range for `" + ctx.layerName() + "` on rank-" + t.rank()
                            + " tensor " + t,
                    r -> r.spanLabel("expected a dimension from " + -span + " to " + (span - 1))
                            .note("negative dimensions count from the end: -1 is the last"));
            return OptionalInt.empty();
        }
        return OptionalInt.of((int) (dim < 0 ? dim + span : dim));
    }
}
