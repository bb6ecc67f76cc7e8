package dev.nnet.ops;

import dev.nnet.types.Args;
import dev.nnet.types.TensorType;
import dev.nnet.types.Value;
import java.util.List;
import java.util.Optional;

/** A parameter-free activation applied to every element: any float tensor keeps its shape. */
abstract class Elementwise extends OpBase {
    private static final Signature SIGNATURE = Signature.of();

    Elementwise(String name, String displayName) {
        super(name, displayName, OpKind.STATELESS, SIGNATURE, List.of("input"));
    }

    @Override
    public Value apply(OpContext ctx, Args args, List<Value> inputs) {
        Optional<TensorType> in = Shapes.floatInput(ctx, inputs, 0);
        return in.<Value>map(t -> new Value.Tensor(t, name())).orElse(Value.UNKNOWN);
    }
}
