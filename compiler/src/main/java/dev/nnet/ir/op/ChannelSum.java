package dev.nnet.ir.op;

import com.palantir.javapoet.CodeBlock;
import dev.nnet.ir.Emitter;
import dev.nnet.ir.Node;
import dev.nnet.ir.Shapes;
import dev.nnet.types.TensorType;
import java.util.List;

/** Sums [N, C, H, W] over N, H and W: a convolution's bias gradient. */
public record ChannelSum() implements BackwardOp {
    @Override
    public String name() {
        return "channel_sum";
    }

    @Override
    public TensorType infer(List<TensorType> in) {
        Shapes.require(in.get(0).rank() == 4, "channel_sum takes [N, C, H, W]");
        return Shapes.floats(List.of(in.get(0).dim(1)));
    }

    @Override
    public void emit(Emitter e, Node self) {
        Node dy = self.input(0);
        String c = e.size(dy.type().dim(1));
        String plane = e.size(dy.type().dim(2).times(dy.type().dim(3)));
        String dyA = e.array(dy);
        String out = e.array(self);
        // Summed in double per channel, in a fixed order, so the result does not depend on thread count.
        e.code(CodeBlock.builder()
                .beginControlFlow("for (int c = 0; c < $L; c++)", c)
                .addStatement("double s = 0")
                .beginControlFlow("for (int i = 0; i < $L; i++)", e.size(dy.type().dim(0)))
                .addStatement("int base = $L + (i * $L + c) * $L", e.offset(dy), c, plane)
                .beginControlFlow("for (int j = 0; j < $L; j++)", plane)
                .addStatement("s += $L[base + j]", dyA)
                .endControlFlow()
                .endControlFlow()
                .addStatement("$L[$L + c] = (float) s", out, e.offset(self))
                .endControlFlow()
                .build());
    }
}
