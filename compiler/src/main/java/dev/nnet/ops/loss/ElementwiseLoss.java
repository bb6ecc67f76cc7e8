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
                r.note("PyTorch would broadcast these shapes with only a warning, computing the wrong loss");
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
}
