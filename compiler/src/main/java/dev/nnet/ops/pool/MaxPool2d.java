package dev.nnet.ops.pool;

import static dev.nnet.ops.ParamSpec.optional;
import static dev.nnet.ops.ParamSpec.required;

import dev.nnet.ops.ArgKind;
import dev.nnet.ops.Signature;
import dev.nnet.types.Value;

/** {@code max_pool2d(kernel_size, stride=kernel_size, padding=0, dilation=1, ceil_mode=false)}. */
public final class MaxPool2d extends Pool2d {
    private static final Signature SIGNATURE = Signature.of(
            required("kernel_size", ArgKind.INT_PAIR, "window height and width").alias("kernel"),
            strideDefaultingToKernel(),
            optional("padding", ArgKind.INT_PAIR, Value.Int.of(0), "implicit -∞ padding on each side"),
            optional("dilation", ArgKind.INT_PAIR, Value.Int.of(1), "spacing between window elements"),
            ceilMode());

    public MaxPool2d() {
        super("max_pool2d", "MaxPool2d", SIGNATURE);
    }

    @Override
    public String doc() {
        return "2-D max pooling over [N, C, H, W] → [N, C, H_out, W_out] with "
                + "H_out = ⌊(H + 2·padding − dilation·(kernel − 1) − 1) / stride⌋ + 1; stride defaults to the "
                + "kernel size, padding may be at most half the kernel, and `ceil_mode=true` rounds the output size "
                + "up. No parameters.";
    }
}
