package dev.nnet.codegen.java;

import com.palantir.javapoet.CodeBlock;
import dev.nnet.ir.Node;
import dev.nnet.ir.op.Softmax;
import dev.nnet.ir.op.SoftmaxGrad;

/** Softmax and log-softmax over the last axis, a row at a time. */
final class SoftmaxRenderers {
    private SoftmaxRenderers() {
    }

    static void softmax(Softmax op, Node self, JavaEmitter e) {
        Node x = self.input(0);
        String cols = e.size(x.type().dim(-1));
        String in = e.array(x);
        String out = e.array(self);
        boolean log = op.log();
        // Max-subtracted like PyTorch, so large logits do not overflow.
        e.code(CodeBlock.builder()
                .beginControlFlow("for (int r = 0; r < $L; r++)", GemmRenderers.rows(e, x))
                .addStatement("int b = r * $L", cols)
                .addStatement("float max = Float.NEGATIVE_INFINITY")
                .addStatement("for (int c = 0; c < $L; c++) max = Math.max(max, $L[b + c])", cols, in)
                .addStatement("float sum = 0f")
                .addStatement("for (int c = 0; c < $L; c++) sum += (float) Math.exp($L[b + c] - max)", cols, in)
                .addStatement(log ? "float logSum = (float) Math.log(sum)" : "float inv = 1f / sum")
                .addStatement(log ? "for (int c = 0; c < $L; c++) $L[b + c] = $L[b + c] - max - logSum"
                        : "for (int c = 0; c < $L; c++) $L[b + c] = (float) Math.exp($L[b + c] - max) * inv",
                        cols, out, in)
                .endControlFlow()
                .build());
    }

    /** Inputs dy and y, the softmax's output. */
    static void softmaxGrad(SoftmaxGrad op, Node self, JavaEmitter e) {
        Node dy = self.input(0);
        Node y = self.input(1);
        String cols = e.size(dy.type().dim(-1));
        CodeBlock.Builder b = CodeBlock.builder()
                .beginControlFlow("for (int r = 0; r < $L; r++)", GemmRenderers.rows(e, dy))
                .addStatement("int b = r * $L", cols)
                .addStatement("float dot = 0f");
        if (op.log()) {
            b.addStatement("for (int c = 0; c < $L; c++) dot += $L[b + c]", cols, e.array(dy))
                    .addStatement("for (int c = 0; c < $L; c++) $L[b + c] = $L[b + c] - (float) Math.exp($L[b + c]) "
                            + "* dot", cols, e.array(self), e.array(dy), e.array(y));
        } else {
            b.addStatement("for (int c = 0; c < $L; c++) dot += $L[b + c] * $L[b + c]", cols, e.array(dy), e.array(y))
                    .addStatement("for (int c = 0; c < $L; c++) $L[b + c] = $L[b + c] * ($L[b + c] - dot)", cols,
                            e.array(self), e.array(y), e.array(dy));
        }
        e.code(b.endControlFlow().build());
    }
}
