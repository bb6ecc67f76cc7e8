package dev.nnet.check;

import dev.nnet.diag.Code;
import dev.nnet.ops.ParamTensor;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Sizes the generated code can hold. A parameter is one Java {@code float[]}, and Java arrays end at 2^31−1
 * elements; past that, the generated source fails to compile ({@code new float[1000000000000]}) far from the
 * layer that caused it. Counts are multiplied exactly, so a size that overflows 64 bits is reported too, never
 * wrapped to a negative total.
 */
final class SizeLimits {
    /** The most elements one Java array can have. */
    static final long MAX_ARRAY_ELEMENTS = Integer.MAX_VALUE;

    private SizeLimits() {
    }

    /**
     * The most stacked recurrent layers: each adds four parameter tensors, and each tensor a value and a gradient
     * field to the generated model (more in the trainer), while a JVM class holds at most 65,535 fields. Past it,
     * even listing the layer's tensors would exhaust the checker's memory (num_layers=2147483647).
     */
    static final long MAX_STACKED_LAYERS = 4096;

    /** Reports E0219 for a {@code num_layers} no generated class could hold; true when it fits (or is absent). */
    static boolean stackFits(CheckContext cx, String op, dev.nnet.types.Args args, dev.nnet.diag.Span at) {
        long layers = args.integer("num_layers").orElse(1L);
        if (layers <= MAX_STACKED_LAYERS) {
            return true;
        }
        cx.diags.report(Code.E0219, at, "`" + op + "` stacks " + group(layers) + " layers; at most "
                + group(MAX_STACKED_LAYERS) + " fit in a generated class (the JVM allows 65,535 fields)",
                r -> r.help("use fewer layers: `num_layers` of a few is usual, PyTorch's default is 1"));
        return false;
    }

    /** Reports E0219 once per declaration whose parameter tensor is too large for one array. */
    static void checkParameters(CheckContext cx, Instance model) {
        check(cx, model, new HashSet<>());
    }

    private static void check(CheckContext cx, Instance inst, Set<Object> reported) {
        for (LayerInstance layer : inst.layers().values()) {
            if (layer.block() != null) {
                check(cx, layer.block(), reported);
                continue;
            }
            if (!reported.add(List.of(layer.declSpan(), layer.args().asMap()))) {
                continue; // a block used several times alike declares the same layer each time: look once
            }
            for (ParamTensor p : layer.parameters()) {
                long count = elements(p.shape());
                if (count <= MAX_ARRAY_ELEMENTS) {
                    continue;
                }
                String size = count == Long.MAX_VALUE ? "more than 9.2e18" : group(count);
                cx.diags.report(Code.E0219, layer.declSpan(), "parameter `" + p.name() + "` " + p.shape()
                        + " has " + size + " elements; a Java array holds at most " + group(MAX_ARRAY_ELEMENTS),
                        r -> r.spanLabel("layer `" + layer.label() + "` declared here")
                                .help("make the layer smaller, or split it into several layers"));
                break;
            }
        }
    }

    /** The product of a shape, or {@link Long#MAX_VALUE} when it does not fit in 64 bits. */
    static long elements(List<Long> shape) {
        long n = 1;
        try {
            for (long d : shape) {
                n = Math.multiplyExact(n, d);
            }
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
        return n;
    }

    static String group(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
