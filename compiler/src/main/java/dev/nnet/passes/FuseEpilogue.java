package dev.nnet.passes;

import dev.nnet.ir.Graph;
import dev.nnet.ir.Node;
import dev.nnet.ir.Rewriter;
import dev.nnet.ir.op.Act;
import dev.nnet.ir.op.Conv2d;
import dev.nnet.ir.op.Linear;
import dev.nnet.ir.op.PExpr;
import dev.nnet.ir.op.Pointwise;
import java.util.List;
import java.util.Map;

/**
 * Folds an activation into the GEMM or convolution that feeds it, when the activation is that result's only
 * user: the kernel applies bias and activation while the tile is still in registers. Gradients are unaffected,
 * since activation gradients read the activation's output, which the fused node now produces.
 */
public final class FuseEpilogue implements Pass {
    @Override
    public String name() {
        return "fuse-epilogue";
    }

    @Override
    public Graph apply(Graph g) {
        Map<Node, List<Node>> users = g.users();
        return Rewriter.rewrite(g, (r, old) -> {
            Act act = activation(old);
            if (act == null) {
                return null;
            }
            Node producer = old.input(0);
            boolean single = users.get(producer).size() == 1 && !g.outputs().containsValue(producer);
            if (single && producer.op() instanceof Linear l && l.act() == Act.NONE) {
                return r.add(producer, new Linear(l.bias(), act), r.map(producer.inputs()));
            }
            if (single && producer.op() instanceof Conv2d c && c.act() == Act.NONE) {
                return r.add(producer, c.withAct(act), r.map(producer.inputs()));
            }
            return null;
        });
    }

    private static Act activation(Node n) {
        if (!(n.op() instanceof Pointwise p && p.expr() instanceof PExpr.Call1 c && c.a() instanceof PExpr.In)) {
            return null;
        }
        switch (c.fn()) {
            case RELU:
                return Act.RELU;
            case SIGMOID:
                return Act.SIGMOID;
            case TANH:
                return Act.TANH;
            default:
                return null;
        }
    }
}
