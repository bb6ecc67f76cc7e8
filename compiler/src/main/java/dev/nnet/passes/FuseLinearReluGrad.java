package dev.nnet.passes;

import dev.nnet.ir.Graph;
import dev.nnet.ir.Node;
import dev.nnet.ir.Rewriter;
import dev.nnet.ir.op.LinearGradInput;
import dev.nnet.ir.op.PExpr;
import dev.nnet.ir.op.Pointwise;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Moves a ReLU's gradient mask into the epilogue of the linear layer's input gradient that feeds it:
 * {@code relu_grad(linear_grad_input(dy, W), y)} becomes {@code linear_grad_input(dy, W, y) act=relu}, so no loop of
 * its own reads and writes the gradient again before the backward GEMMs of the layer below (an MLP has one per
 * hidden layer).
 *
 * <p>The result is the unfused one bit for bit: the epilogue keeps each stored element where y is positive with
 * relu_grad's own sign mask. Only a gradient that nothing else reads is fused (the mask replaces its values).
 */
public final class FuseLinearReluGrad implements Pass {
    @Override
    public String name() {
        return "fuse-linear-relu-grad";
    }

    @Override
    public Graph apply(Graph g) {
        Map<Node, List<Node>> users = g.users();
        Map<Node, Node> fused = new HashMap<>();
        Set<Node> dropped = new HashSet<>();
        for (Node mask : g.nodes()) {
            if (!isReluGrad(mask)) {
                continue;
            }
            Node grad = mask.input(0);
            boolean plain = grad.op() instanceof LinearGradInput op && !op.relu();
            if (plain && mask.input(1) != grad && soleUse(g, users, grad, mask)) {
                fused.put(mask, grad);
                dropped.add(grad);
            }
        }
        if (fused.isEmpty()) {
            return g;
        }
        return Rewriter.rewrite(g, (r, old) -> {
            if (dropped.contains(old)) {
                return Rewriter.DROP;
            }
            Node grad = fused.get(old);
            if (grad == null) {
                return null;
            }
            return r.add(grad, new LinearGradInput(true),
                    List.of(r.map(grad.input(0)), r.map(grad.input(1)), r.map(old.input(1))));
        });
    }

    private static boolean soleUse(Graph g, Map<Node, List<Node>> users, Node value, Node user) {
        return users.getOrDefault(value, List.of()).equals(List.of(user)) && !g.outputs().containsValue(value);
    }

    private static boolean isReluGrad(Node n) {
        return n.op() instanceof Pointwise p && p.expr() instanceof PExpr.Call2 c && c.fn() == PExpr.Fn2.RELU_GRAD
                && c.a() instanceof PExpr.In a && a.index() == 0 && c.b() instanceof PExpr.In b && b.index() == 1
                && n.inputs().size() == 2;
    }
}
