package dev.nnet.ir.op;

import dev.nnet.ir.Gradients;
import dev.nnet.ir.Node;
import java.util.List;

/** An op that only appears in backward passes: nnet takes first derivatives, so it has no gradient rule. */
public sealed interface BackwardOp extends IrOp permits AccumulatesInto, LinearGradInput, Conv2dGradInput, Pool2dGrad,
        ReduceTo, SliceGrad, SoftmaxGrad, LossGrad, DropoutGrad, RecurrentLayersGrad, EmbeddingLookupGrad {
    @Override
    default List<Node> gradient(Gradients g, Node self, Node dOut) {
        throw new UnsupportedOperationException(name() + ": second derivatives are not supported");
    }
}
