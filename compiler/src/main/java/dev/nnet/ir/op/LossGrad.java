package dev.nnet.ir.op;

import dev.nnet.ir.Emitter;
import dev.nnet.ir.Node;
import dev.nnet.types.TensorType;
import java.util.List;

/**
 * d(scale · loss)/d(prediction); inputs prediction, target. Cross-entropy's gradient is {@code softmax − onehot}
 * from the logits in one pass: this is where log-softmax and NLL are fused.
 */
public record LossGrad(LossKind kind, boolean sum, float scale) implements BackwardOp {
    @Override
    public String name() {
        return "loss_grad";
    }

    @Override
    public String attributes() {
        return kind.text() + (sum ? " sum" : " mean") + (scale == 1f ? "" : " scale=" + scale);
    }

    @Override
    public TensorType infer(List<TensorType> in) {
        return in.get(0);
    }

    @Override
    public void emit(Emitter e, Node self) {
        e.statement("$L", call(e, self, kind, sum, self, scale));
    }

    /** The runtime call computing the loss of {@code node}'s inputs and, when {@code grad} is set, its gradient. */
    static com.palantir.javapoet.CodeBlock call(Emitter e, Node node, LossKind kind, boolean sum, Node grad,
                                                float gradScale) {
        Node pred = node.input(0);
        Node target = node.input(1);
        String g = grad == null ? "null" : e.array(grad);
        String gOff = grad == null ? "0" : e.offset(grad);
        if (kind.classTargets()) {
            String classes = e.size(pred.type().dim(-1));
            String rows = e.size(target.type().numel());
            return com.palantir.javapoet.CodeBlock.of("$T.forward($L, $L, $L, $L, $L, $L, $L, $L, $Lf, $L)",
                    e.runtime("loss", kind.runtimeClass()), rows, classes, e.array(pred), e.offset(pred),
                    e.array(target), e.offset(target), g, gOff, gradScale, sum);
        }
        java.util.List<dev.nnet.types.Dim> dims = pred.type().dims();
        String rows = dims.isEmpty() ? "1" : e.size(dev.nnet.ir.Shapes.product(dims, 0, dims.size() - 1));
        String width = dims.isEmpty() ? "1" : e.size(pred.type().dim(-1));
        return com.palantir.javapoet.CodeBlock.of("$T.forward($L, $L, $L, $L, $L, $L, $L, $L, $Lf, $L)",
                e.runtime("loss", kind.runtimeClass()), rows, width, e.array(pred), e.offset(pred), e.array(target),
                e.offset(target), g, gOff, gradScale, sum);
    }
}
