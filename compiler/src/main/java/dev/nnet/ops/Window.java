package dev.nnet.ops;

import dev.nnet.diag.Code;
import dev.nnet.types.Args;
import dev.nnet.types.Dim;
import dev.nnet.types.SlidingWindow;
import java.util.Optional;

/** The checker's side of the sliding-window rule shared by convolution and pooling: its diagnostics. */
public final class Window {
    private Window() {
    }

    /** The {@code kernel_size}, {@code stride}, {@code padding} and {@code dilation} of one axis (0: H, 1: W). */
    public static SlidingWindow bind(Args args, int axis, boolean strideDefaultsToKernel, boolean ceilMode) {
        long k = args.pair("kernel_size").map(p -> p[axis]).orElse(1L);
        long s = args.pair("stride").map(p -> p[axis]).orElse(strideDefaultsToKernel ? k : 1L);
        long p = args.pair("padding").map(q -> q[axis]).orElse(0L);
        long d = args.pair("dilation").map(q -> q[axis]).orElse(1L);
        return new SlidingWindow(k, s, p, d, ceilMode);
    }

    /**
     * The output size of {@code window} over {@code size} ({@link SlidingWindow#outputSize}); reports E0112 for a
     * window that is not one, and E0202 when a constant result is not positive.
     */
    public static Optional<Dim> outputSize(OpContext ctx, Args args, SlidingWindow window, Dim size, String axisName) {
        long k = window.kernel();
        long s = window.stride();
        long p = window.padding();
        long d = window.dilation();
        if (k < 1 || s < 1 || p < 0 || d < 1) {
            String bad = k < 1 ? "kernel_size" : s < 1 ? "stride" : p < 0 ? "padding" : "dilation";
            ctx.report(Code.E0112, args.spanOf(bad), "`" + bad + "` of `" + ctx.layerName() + "` must be "
                    + (bad.equals("padding") ? "zero or more" : "at least 1"));
            return Optional.empty();
        }
        Dim out = window.outputSize(size);
        if (out.isConstant() && out.constantTerm() < 1) {
            long effective = window.span();
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
                        if (!ctx.declSpan().equals(ctx.callSpan()) && args.written("kernel_size")) {
                            r.label(args.spanOf("kernel_size"), "the kernel is declared " + k + " wide here, wider "
                                    + "than the " + size + " it gets");
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
