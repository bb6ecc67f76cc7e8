package dev.nnet.ir.op;

import dev.nnet.types.TensorType;
import java.util.ArrayList;
import java.util.List;

/**
 * The gradient of {@link RecurrentLayers}: inputs dOut (packed like the forward output), the forward node, then
 * the forward's inputs. The output packs the gradient of each forward input but the lengths, in input order: dx,
 * dh_0 (dc_0), then every weight and bias.
 */
public record RecurrentLayersGrad(RecurrentLayers forward) implements BackwardOp {
    @Override
    public String name() {
        return "recurrent_grad";
    }

    @Override
    public String attributes() {
        return forward.attributes();
    }

    @Override
    public TensorType infer(List<TensorType> in) {
        List<TensorType> forwardInputs = in.subList(2, in.size());
        TensorType packed = forward.infer(forwardInputs);
        dev.nnet.ir.Shapes.require(in.get(0).equals(packed) && in.get(1).equals(packed),
                "recurrent_grad: the output gradient must be " + packed.shapeText());
        List<TensorType> grads = new ArrayList<>(forwardInputs);
        if (forward.lengths()) {
            grads.remove(forward.lengthsInput());
        }
        return TensorType.floats(RecurrentLayers.total(grads));
    }
}
