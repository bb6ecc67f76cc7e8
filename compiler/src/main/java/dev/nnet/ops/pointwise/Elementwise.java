package dev.nnet.ops.pointwise;

import dev.nnet.ir.Node;
import dev.nnet.ir.op.Pointwise;
import dev.nnet.ops.LowerContext;
import dev.nnet.ops.OpBase;
import dev.nnet.ops.OpContext;
import dev.nnet.ops.OpKind;
import dev.nnet.ops.Shapes;
import dev.nnet.ops.Signature;
import dev.nnet.types.Args;
import dev.nnet.types.TensorType;
import dev.nnet.types.Value;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A parameter-free activation applied to every element: any float tensor keeps its shape, and it lowers to one
 * point-wise IR node whose expression its row in {@link Activations} gives.
 */
public final class Elementwise extends OpBase {
    private final Function<Args, Pointwise> expression;
    private final String doc;

    Elementwise(String name, String displayName, Signature signature, Function<Args, Pointwise> expression,
                String doc) {
        super(name, displayName, OpKind.STATELESS, signature, List.of("input"));
        this.expression = expression;
        this.doc = doc;
    }

    @Override
    public Value apply(OpContext ctx, Args args, List<Value> inputs) {
        Optional<TensorType> in = Shapes.floatInput(ctx, inputs, 0);
        return in.<Value>map(t -> new Value.Tensor(t, name())).orElse(Value.UNKNOWN);
    }

    @Override
    public Node lower(LowerContext cx) {
        return cx.add(expression.apply(cx.args()), cx.input(0));
    }

    @Override
    public String doc() {
        return doc;
    }
}
