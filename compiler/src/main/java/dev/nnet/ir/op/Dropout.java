package dev.nnet.ir.op;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.TypeName;
import dev.nnet.ir.Emitter;
import dev.nnet.ir.Gradients;
import dev.nnet.ir.IrOp;
import dev.nnet.ir.Node;
import dev.nnet.types.TensorType;
import java.util.List;

/**
 * Training-mode dropout: zeroes each element with probability {@code p} and scales the rest by 1/(1−p), keeping
 * the mask for the gradient. Evaluation lowers dropout to nothing.
 */
public record Dropout(float p) implements IrOp {
    @Override
    public String name() {
        return "dropout";
    }

    @Override
    public String attributes() {
        return "p=" + p;
    }

    @Override
    public TensorType infer(List<TensorType> in) {
        return in.get(0);
    }

    @Override
    public List<Node> gradient(Gradients g, Node self, Node dOut) {
        return List.of(g.add(self, new DropoutGrad(), dOut, self));
    }

    static String mask(Emitter e, Node dropout) {
        return e.field(e.nodeKey(dropout, "mask"), dropout.label() + "Mask", ArrayTypeName.of(TypeName.FLOAT),
                CodeBlock.of("new float[$L]", e.capacity(dropout.type().numel())));
    }

    @Override
    public void emit(Emitter e, Node self) {
        Node x = self.input(0);
        String mask = mask(e, self);
        float keep = 1f / (1f - p);
        e.code(CodeBlock.builder()
                .beginControlFlow("for (int i = 0; i < $L; i++)", e.count(self))
                .addStatement("$L[i] = $L.nextFloat() < $Lf ? 0f : $Lf", mask, e.rng(), p, keep)
                .addStatement("$L[$L] = $L[$L] * $L[i]", e.array(self), Pointwise.plus(e.offset(self), "i"),
                        e.array(x), Pointwise.plus(e.offset(x), "i"), mask)
                .endControlFlow()
                .build());
    }
}
