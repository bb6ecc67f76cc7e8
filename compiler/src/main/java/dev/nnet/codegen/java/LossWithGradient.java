package dev.nnet.codegen.java;

import dev.nnet.ir.Node;
import dev.nnet.ir.op.Loss;
import dev.nnet.ir.op.LossGrad;
import dev.nnet.ir.op.Trait;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A loss and its gradient in one runtime call. The loss classes compute the loss value whether or not they also
 * write the gradient, so where a training step takes d(loss) right after the loss, from the same prediction and
 * target, the loss node's call writes the gradient too and the gradient node writes nothing: one pass over the
 * logits instead of two (cross-entropy's max, exp and log per row), and the same bits.
 */
final class LossWithGradient {
    private LossWithGradient() {
    }

    /**
     * Each loss node of {@code nodes} whose gradient is the next node written (leaves skipped), with the same kind,
     * reduction and inputs, mapped to that gradient node; and each such gradient node mapped to its loss.
     */
    static Map<Node, Node> pairs(List<Node> nodes) {
        Map<Node, Node> partners = new HashMap<>();
        Node previous = null;
        for (Node n : nodes) {
            if (n.op().has(Trait.LEAF)) {
                continue;
            }
            if (previous != null && previous.op() instanceof Loss loss && n.op() instanceof LossGrad grad
                    && loss.kind() == grad.kind() && loss.sum() == grad.sum()
                    && previous.input(0) == n.input(0) && previous.input(1) == n.input(1)) {
                partners.put(previous, n);
                partners.put(n, previous);
            }
            previous = n;
        }
        return partners;
    }
}
