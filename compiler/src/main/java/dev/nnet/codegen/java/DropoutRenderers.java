package dev.nnet.codegen.java;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.TypeName;
import dev.nnet.ir.Node;
import dev.nnet.ir.op.Dropout;
import dev.nnet.ir.op.DropoutGrad;

/** Dropout draws a scaled keep-mask per element, which its gradient multiplies by again. */
final class DropoutRenderers {
    private DropoutRenderers() {
    }

    static void dropout(Dropout op, Node self, JavaEmitter e) {
        String mask = mask(e, self);
        float keep = 1f / (1f - op.p());
        e.code(CodeBlock.builder()
                .beginControlFlow("for (int i = 0; i < $L; i++)", e.count(self))
                .addStatement("$L[i] = $L.nextFloat() < $Lf ? 0f : $Lf", mask, e.rng(), op.p(), keep)
                .addStatement("$L[i] = $L[i] * $L[i]", e.array(self), e.array(self.input(0)), mask)
                .endControlFlow()
                .build());
    }

    /** Inputs dy and the dropout node, whose mask it reads. */
    static void dropoutGrad(DropoutGrad op, Node self, JavaEmitter e) {
        e.code(CodeBlock.builder()
                .beginControlFlow("for (int i = 0; i < $L; i++)", e.count(self))
                .addStatement("$L[i] = $L[i] * $L[i]", e.array(self), e.array(self.input(0)), mask(e, self.input(1)))
                .endControlFlow()
                .build());
    }

    private static String mask(JavaEmitter e, Node dropout) {
        return e.field(e.nodeKey(dropout, "mask"), dropout.label() + "Mask", ArrayTypeName.of(TypeName.FLOAT),
                CodeBlock.of("new float[$L]", e.capacity(dropout.type().numel())));
    }
}
