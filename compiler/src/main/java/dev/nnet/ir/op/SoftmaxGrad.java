package dev.nnet.ir.op;

import com.palantir.javapoet.CodeBlock;
import dev.nnet.ir.Emitter;
import dev.nnet.ir.Node;
import dev.nnet.ir.Shapes;
import dev.nnet.types.Dim;
import dev.nnet.types.TensorType;
import java.util.List;

/**
 * The gradient of (log-)softmax from its output y: softmax {@code dx = y·(dy − Σ dy·y)}, log-softmax
 * {@code dx = dy − exp(y)·Σ dy}; inputs dy, y.
 */
public record SoftmaxGrad(boolean log) implements BackwardOp {
    @Override
    public String name() {
        return log ? "log_softmax_grad" : "softmax_grad";
    }

    @Override
    public TensorType infer(List<TensorType> in) {
        Shapes.sameShape(in.get(0), in.get(1), name());
        return in.get(0);
    }

    @Override
    public void emit(Emitter e, Node self) {
        Node dy = self.input(0);
        Node y = self.input(1);
        List<Dim> d = dy.type().dims();
        String rows = e.size(Shapes.product(d, 0, d.size() - 1));
        String cols = e.size(dy.type().dim(-1));
        CodeBlock.Builder b = CodeBlock.builder()
                .beginControlFlow("for (int r = 0; r < $L; r++)", rows)
                .addStatement("int gb = $L", Pointwise.plus(e.offset(dy), "r * " + cols))
                .addStatement("int yb = $L", Pointwise.plus(e.offset(y), "r * " + cols))
                .addStatement("int xb = $L", Pointwise.plus(e.offset(self), "r * " + cols))
                .addStatement("float dot = 0f");
        if (log) {
            b.addStatement("for (int c = 0; c < $L; c++) dot += $L[gb + c]", cols, e.array(dy))
                    .addStatement("for (int c = 0; c < $L; c++) $L[xb + c] = $L[gb + c] - (float) Math.exp($L[yb + c]) "
                            + "* dot", cols, e.array(self), e.array(dy), e.array(y));
        } else {
            b.addStatement("for (int c = 0; c < $L; c++) dot += $L[gb + c] * $L[yb + c]", cols, e.array(dy), e.array(y))
                    .addStatement("for (int c = 0; c < $L; c++) $L[xb + c] = $L[yb + c] * ($L[gb + c] - dot)", cols,
                            e.array(self), e.array(y), e.array(dy));
        }
        e.code(b.endControlFlow().build());
    }
}
