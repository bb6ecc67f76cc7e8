package dev.nnet.ir.op;

import com.palantir.javapoet.CodeBlock;
import dev.nnet.ir.Emitter;
import dev.nnet.ir.Gradients;
import dev.nnet.ir.IrOp;
import dev.nnet.ir.Node;
import dev.nnet.ir.Shapes;
import dev.nnet.types.Dim;
import dev.nnet.types.TensorType;
import java.util.List;

/** Softmax, or log-softmax when {@code log}, over the last axis (lowering moves other axes there or rejects them). */
public record Softmax(boolean log) implements IrOp {
    @Override
    public String name() {
        return log ? "log_softmax" : "softmax";
    }

    @Override
    public TensorType infer(List<TensorType> in) {
        Shapes.require(in.get(0).rank() >= 1, name() + " needs at least one axis");
        return in.get(0);
    }

    @Override
    public List<Node> gradient(Gradients g, Node self, Node dOut) {
        return List.of(g.add(self, new SoftmaxGrad(log), dOut, self));
    }

    @Override
    public void emit(Emitter e, Node self) {
        Node x = self.input(0);
        List<Dim> d = x.type().dims();
        String rows = e.size(Shapes.product(d, 0, d.size() - 1));
        String cols = e.size(x.type().dim(-1));
        String in = e.array(x);
        String out = e.array(self);
        // Max-subtracted like PyTorch, so large logits do not overflow.
        e.code(CodeBlock.builder()
                .beginControlFlow("for (int r = 0; r < $L; r++)", rows)
                .addStatement("int xb = $L", Pointwise.plus(e.offset(x), "r * " + cols))
                .addStatement("int yb = $L", Pointwise.plus(e.offset(self), "r * " + cols))
                .addStatement("float max = Float.NEGATIVE_INFINITY")
                .addStatement("for (int c = 0; c < $L; c++) max = Math.max(max, $L[xb + c])", cols, in)
                .addStatement("float sum = 0f")
                .addStatement("for (int c = 0; c < $L; c++) sum += (float) Math.exp($L[xb + c] - max)", cols, in)
                .addStatement(log ? "float logSum = (float) Math.log(sum)" : "float inv = 1f / sum")
                .addStatement(log ? "for (int c = 0; c < $L; c++) $L[yb + c] = $L[xb + c] - max - logSum"
                        : "for (int c = 0; c < $L; c++) $L[yb + c] = (float) Math.exp($L[xb + c] - max) * inv",
                        cols, out, in)
                .endControlFlow()
                .build());
    }
}
