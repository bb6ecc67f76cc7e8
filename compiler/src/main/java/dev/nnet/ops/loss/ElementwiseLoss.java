package dev.nnet.ops.loss;

import dev.nnet.diag.Code;
import dev.nnet.ops.OpContext;
import dev.nnet.types.ElemType;
import dev.nnet.types.TensorType;

/** A loss comparing predictions and float targets of exactly the same shape: {@code mse}, {@code bce}. */
public abstract class ElementwiseLoss extends Loss {
    public ElementwiseLoss(String name, String displayName) {
        super(name, displayName);
    }

    @Override
    TensorType checkTarget(OpContext ctx, TensorType input, TensorType target) {
        if (target.elem() == ElemType.INT) {
            ctx.report(Code.E0207, ctx.inputSpan(1),
                    "`" + name() + "` needs a float target, found integer tensor " + target,
                    r -> r.spanLabel("integer tensor " + target)
                            .help(name().equals("mse") ? "declare the targets as float data"
                                    : "declare the 0/1 labels as float data, or use `cross_entropy` for class "
                                    + "indices"));
            return null;
        }
        if (!target.dims().equals(input.dims())) {
            return badTargetShape(ctx, input, input.shapeText(), target, r -> {
                symbolNotes(r, input.dims(), target.dims());
                // Only MSELoss broadcasts (with a warning); BCELoss refuses any other shape, as does any loss on
                // shapes that do not broadcast.
                if (name().equals("mse") && broadcastable(input, target)) {
                    r.note("PyTorch would broadcast these shapes with only a warning, computing the wrong loss");
                }
                if (input.numel().equals(target.numel())) {
                    return r.help("make the shapes equal, e.g. `view(" + String.join(", ",
                            input.dims().stream().map(Object::toString).toList()) + ")` on the target or "
                            + "flatten the model output");
                }
                return r;
            });
        }
        return input;
    }

    /** NumPy's rule, aligned from the last dimension: each pair of sizes is equal or one of them is 1. */
    static boolean broadcastable(TensorType a, TensorType b) {
        for (int i = 1; i <= Math.min(a.rank(), b.rank()); i++) {
            var x = a.dim(-i);
            var y = b.dim(-i);
            if (!x.equals(y) && !x.equals(dev.nnet.types.Dim.of(1)) && !y.equals(dev.nnet.types.Dim.of(1))) {
                return false;
            }
        }
        return true;
    }
}
