package dev.nnet.ir.op;

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
}
