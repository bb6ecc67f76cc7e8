package dev.nnet.ir.op;

import com.palantir.javapoet.CodeBlock;
import dev.nnet.ir.Emitter;
import dev.nnet.ir.Node;
import dev.nnet.ir.Shapes;
import dev.nnet.types.Dim;
import dev.nnet.types.TensorType;
import java.util.List;

/** Elements [start, start + length) along {@code axis}: the gradient of {@link Concat}. */
public record Slice(int axis, Dim start, Dim length) implements BackwardOp {
    @Override
    public String name() {
        return "slice";
    }

    @Override
    public String attributes() {
        return "axis=" + axis + " start=" + start + " length=" + length;
    }

    @Override
    public TensorType infer(List<TensorType> in) {
        return in.get(0).withDim(axis, length);
    }

    @Override
    public void emit(Emitter e, Node self) {
        Node x = self.input(0);
        List<Dim> in = x.type().dims();
        Dim inner = Shapes.product(in, axis + 1, in.size());
        String outer = e.size(Shapes.product(in, 0, axis));
        String inInner = e.size(Shapes.product(in, axis, in.size()));
        String outInner = e.size(length.times(inner));
        String o = e.local("o");
        e.code(CodeBlock.builder()
                .beginControlFlow("for (int $L = 0; $L < $L; $L++)", o, o, outer, o)
                .addStatement("$T.arraycopy($L, $L, $L, $L, $L)", System.class, e.array(x),
                        Pointwise.plus(e.offset(x), o + " * " + inInner + " + " + e.size(start.times(inner))),
                        e.array(self), Pointwise.plus(e.offset(self), o + " * " + outInner), outInner)
                .endControlFlow()
                .build());
    }
}
