package dev.nnet.passes;

import dev.nnet.ir.Graph;
import dev.nnet.ir.Node;
import dev.nnet.ir.Rewriter;
import dev.nnet.ir.op.Loss;
import dev.nnet.ir.op.LossKind;
import dev.nnet.ir.op.PExpr;
import dev.nnet.ir.op.Pointwise;
import dev.nnet.ir.op.Softmax;
import java.util.List;

/**
 * Fuses the last activation into the loss: NLL of a log-softmax is cross-entropy on the logits, BCE of a sigmoid
 * is BCE-with-logits. One pass over the logits then gives loss and gradient together, and is more stable.
 */
public final class FuseLoss implements Pass {
    @Override
    public String name() {
        return "fuse-loss";
    }

    @Override
    public Graph apply(Graph g) {
        return Rewriter.rewrite(g, (r, old) -> {
            if (!(old.op() instanceof Loss loss)) {
                return null;
            }
            Node pred = old.input(0);
            if (loss.kind() == LossKind.NLL && pred.op() instanceof Softmax s && s.log()) {
                return fused(r, old, loss, LossKind.CROSS_ENTROPY, pred.input(0));
            }
            if (loss.kind() == LossKind.BCE && pred.op() instanceof Pointwise p
                    && p.expr().equals(new PExpr.Call1(PExpr.Fn1.SIGMOID, PExpr.in(0)))) {
                return fused(r, old, loss, LossKind.BCE_WITH_LOGITS, pred.input(0));
            }
            return null;
        });
    }

    private static Node fused(Rewriter r, Node old, Loss loss, LossKind kind, Node logits) {
        return r.add(old, new Loss(kind, loss.sum(), loss.scale()), List.of(r.map(logits), r.map(old.input(1))));
    }
}
