package dev.nnet.ops.pool;

import dev.nnet.ops.Window;
import dev.nnet.types.Args;
import dev.nnet.types.SlidingWindow;

/**
 * The typed attributes of a pooling, bound once from its arguments: the window over each axis (stride defaults to
 * the kernel size, PyTorch's {@code ceil_mode}) and, for average pooling, whether padded zeros count.
 */
public record PoolAttributes(SlidingWindow height, SlidingWindow width, boolean ceilMode, boolean countIncludePad) {
    static PoolAttributes of(Args args) {
        boolean ceil = args.bool("ceil_mode", false);
        return new PoolAttributes(Window.bind(args, 0, true, ceil), Window.bind(args, 1, true, ceil), ceil,
                args.bool("count_include_pad", true));
    }

    boolean dilated() {
        return height.dilation() != 1 || width.dilation() != 1;
    }
}
