package dev.nnet.ops;

import java.util.List;

/** A learnable tensor a layer owns, named and laid out exactly as in PyTorch's {@code state_dict}. */
public record ParamTensor(String name, List<Long> shape) {
    public ParamTensor {
        shape = List.copyOf(shape);
    }

    public static ParamTensor of(String name, long... shape) {
        return new ParamTensor(name, java.util.Arrays.stream(shape).boxed().toList());
    }

    public long count() {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }
}
