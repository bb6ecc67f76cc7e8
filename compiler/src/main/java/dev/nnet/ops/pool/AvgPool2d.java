package dev.nnet.ops.pool;

import static dev.nnet.ops.ParamSpec.optional;
import static dev.nnet.ops.ParamSpec.required;

import dev.nnet.ops.ArgKind;
import dev.nnet.ops.Signature;
import dev.nnet.types.Value;

/** {@code avg_pool2d(kernel_size, stride=kernel_size, padding=0, ceil_mode=false, count_include_pad=true)}. */
public final class AvgPool2d extends Pool2d {
    private static final Signature SIGNATURE = Signature.of(
            required("kernel_size", ArgKind.INT_PAIR, "window height and width").alias("kernel"),
            strideDefaultingToKernel(),
            optional("padding", ArgKind.INT_PAIR, Value.Int.of(0), "implicit zero padding on each side"),
            ceilMode(),
            optional("count_include_pad", true, "count the padded zeros in each window's average"));

    public AvgPool2d() {
        super("avg_pool2d", "AvgPool2d", SIGNATURE);
    }

    @Override
    public String doc() {
        return "2-D average pooling over [N, C, H, W] → [N, C, H_out, W_out] with "
                + "H_out = ⌊(H + 2·padding − kernel) / stride⌋ + 1; stride defaults to the kernel size and padding "
                + "may be at most half the kernel; `ceil_mode=true` rounds the output size up. Padded zeros count "
                + "towards the average unless `count_include_pad=false`, as in PyTorch. "
                + "No parameters.";
    }
}
