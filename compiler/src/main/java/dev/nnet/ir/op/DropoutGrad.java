package dev.nnet.ir.op;

import com.palantir.javapoet.CodeBlock;
import dev.nnet.ir.Emitter;
import dev.nnet.ir.Node;
import dev.nnet.types.TensorType;
import java.util.List;

/** dx = dy · mask of the forward dropout; inputs dy and the dropout node. */
public record DropoutGrad() implements BackwardOp {
    @Override
    public String name() {
        return "dropout_grad";
    }

    @Override
    public TensorType infer(List<TensorType> in) {
        return in.get(0);
    }

    @Override
    public void emit(Emitter e, Node self) {
        Node dy = self.input(0);
        String mask = Dropout.mask(e, self.input(1));
        e.code(CodeBlock.builder()
                .beginControlFlow("for (int i = 0; i < $L; i++)", e.count(self))
                .addStatement("$L[$L] = $L[$L] * $L[i]", e.array(self), Pointwise.plus(e.offset(self), "i"),
                        e.array(dy), Pointwise.plus(e.offset(dy), "i"), mask)
                .endControlFlow()
                .build());
    }
}
