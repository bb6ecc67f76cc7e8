package dev.nnet.ir.op;

import com.palantir.javapoet.CodeBlock;
import dev.nnet.ir.Emitter;
import dev.nnet.ir.Node;
import dev.nnet.ir.Shapes;
import dev.nnet.types.TensorType;
import java.util.List;

/** Sums a gradient over the axes broadcasting expanded, back to the shape of the broadcast input. */
public record ReduceTo(TensorType target) implements BackwardOp {
    @Override
    public String name() {
        return "reduce_to";
    }

    @Override
    public String attributes() {
        return target.shapeText();
    }

    @Override
    public TensorType infer(List<TensorType> in) {
        Shapes.broadcast(in.get(0).dims(), target.dims());
        return target;
    }

    @Override
    public void emit(Emitter e, Node self) {
        Node dy = self.input(0);
        String i = e.local("i");
        String out = e.array(self);
        e.code(CodeBlock.builder()
                .addStatement("$T.fill($L, $L, $L, 0f)", java.util.Arrays.class, out, e.offset(self),
                        Pointwise.plus(e.offset(self), e.count(self)))
                .beginControlFlow("for (int $L = 0; $L < $L; $L++)", i, i, e.count(dy), i)
                .addStatement("$L[$L] += $L[$L]", out, Pointwise.plus(e.offset(self),
                        PointwiseBroadcast.index(e, dy.type().dims(), target.dims(), i)), e.array(dy),
                        Pointwise.plus(e.offset(dy), i))
                .endControlFlow()
                .build());
    }
}
