package dev.nnet.ir.op;

import dev.nnet.ir.Shapes;
import dev.nnet.types.TensorType;
import java.util.List;

/** Sums [N, C, H, W] over N, H and W: a convolution's bias gradient. */
public record ChannelSum(String into) implements AccumulatesInto {
    public ChannelSum() {
        this(null);
    }

    @Override
    public String name() {
        return "channel_sum";
    }

    @Override
    public String attributes() {
        return intoText().strip();
    }

    @Override
    public ChannelSum accumulatingInto(String parameter) {
        return new ChannelSum(parameter);
    }

    @Override
    public TensorType gradientType(List<TensorType> in) {
        Shapes.require(in.get(0).rank() == 4, "channel_sum takes [N, C, H, W]");
        return Shapes.floats(List.of(in.get(0).dim(1)));
    }
}
