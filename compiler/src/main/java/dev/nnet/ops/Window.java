package dev.nnet.ops;

import dev.nnet.diag.Code;
import dev.nnet.types.Args;
import dev.nnet.types.Dim;
import java.util.Optional;

/** The sliding-window size rule shared by convolution and pooling. */
final class Window {
    private Window() {
    }

    /**
     * ⌊(size + 2·padding − dilation·(kernel − 1) − 1) / stride⌋ + 1 for one spatial axis; reports E0202 when a
     * constant result is not positive. Reads {@code kernel_size}, {@code stride}, {@code padding}, {@code dilation}.
     */
    static Optional<Dim> outputSize(OpContext ctx, Args args, Dim size, int axis, String axisName) {
        long k = args.pair("kernel_size").map(p -> p[axis]).orElse(1L);
        long s = args.pair("stride").map(p -> p[axis]).orElse(k);
        long p = args.pair("padding").map(q -> q[axis]).orElse(0L);
        long d = args.pair("dilation").map(q -> q[axis]).orElse(1L);
        if (k < 1 || s < 1 || p < 0 || d < 1) {
            String bad = k < 1 ? "kernel_size" : s < 1 ? "stride" : p < 0 ? "padding" : "dilation";
            ctx.report(Code.E0112, args.spanOf(bad), "`" + bad + "` of `" + ctx.layerName() + "` must be "
                    + (bad.equals("padding") ? "zero or more" : "at least 1"));
            return Optional.empty();
        }
        Dim numerator = size.plus(2 * p - d * (k - 1) - 1);
        Dim out = numerator.floorDiv(s).plus(1);
        if (out.isConstant() && out.constantTerm() < 1) {
            long effective = d * (k - 1) + 1;
            ctx.report(Code.E0202, ctx.callSpan(),
                    "`" + ctx.layerName() + "` output " + axisName + " would be " + out.constantTerm()
                            + ": input " + axisName + " " + size + " is smaller than the " + effective + "-wide window",
                    r -> {
                        r.spanLabel("input " + axisName + " " + size + ", kernel " + k + ", padding " + p
                                + ", stride " + s + (d != 1 ? ", dilation " + d : ""));
                        String origin = ctx.inputOrigin(0);
                        if (!origin.isEmpty()) {
                            r.note(origin);
                        }
                        r.note(axisName + "_out = ⌊(" + size + " + 2·" + p + " − " + d + "·(" + k + " − 1) − 1) / " + s
                                + "⌋ + 1 = " + out.constantTerm());
                        return r.help("use a smaller kernel, add padding, or remove a pooling step before it");
                    });
            return Optional.empty();
        }
        return Optional.of(out);
    }
}
