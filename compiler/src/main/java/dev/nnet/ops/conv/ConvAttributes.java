package dev.nnet.ops.conv;

import dev.nnet.ops.Window;
import dev.nnet.types.Args;
import dev.nnet.types.SlidingWindow;

/** The typed attributes of a convolution, bound once from its arguments: the window over each axis and groups. */
public record ConvAttributes(SlidingWindow height, SlidingWindow width, long groups) {
    static ConvAttributes of(Args args) {
        return new ConvAttributes(Window.bind(args, 0, false, false), Window.bind(args, 1, false, false),
                args.integer("groups", 1));
    }
}
