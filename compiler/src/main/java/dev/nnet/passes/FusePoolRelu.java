package dev.nnet.passes;

import dev.nnet.ir.Graph;
import dev.nnet.ir.Node;
import dev.nnet.ir.Rewriter;
import dev.nnet.ir.op.PExpr;
import dev.nnet.ir.op.Pointwise;
import dev.nnet.ir.op.Pool2d;
import dev.nnet.ir.op.Pool2dGrad;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs a ReLU next to a max pooling inside the pooling's pass: {@code relu(max_pool(x))} and, since max commutes
 * with ReLU, {@code max_pool(relu(x))} become {@code max_pool(x) act=relu}. The ReLU's gradient mask then moves into
 * the pooling's gradient, applied per pooled element before the scatter, so neither direction keeps a loop of its
 * own (and the second form no longer masks at the unpooled size).
 *
 * <p>The gradients are the unfused ones bit for bit. After the pooling: dy is masked where the pooled output is not
 * positive, as relu_grad did. Before it: where a window's maximum is positive, it is the same element in x and in
 * relu(x) (the first of equal maxima in both), and the mask keeps dy there; where it is not, relu_grad zeroed what
 * the scatter placed, and the fused mask zeroes it before (both +0).
 */
public final class FusePoolRelu implements Pass {
    /** A gradient to replace by a masked pooling gradient of {@code dy}, for the forward pooling {@code pool}. */
    private record MaskedGrad(Node like, Node dy, Node pool) {
    }

    @Override
    public String name() {
        return "fuse-pool-relu";
    }

    @Override
    public Graph apply(Graph g) {
        Map<Node, List<Node>> users = g.users();
        Map<Node, Node> fusedPoolInput = new HashMap<>();
        Map<Node, Node> reluToPool = new HashMap<>();
        Map<Node, MaskedGrad> masked = new HashMap<>();
        Set<Node> dropped = new HashSet<>();
        for (Node relu : g.nodes()) {
            if (!isRelu(relu)) {
                continue;
            }
            Node pool = relu.input(0);
            if (isMaxPool(pool) && !fusedPoolInput.containsKey(pool) && reluAfter(g, users, pool, relu)) {
                fusedPoolInput.put(pool, pool.input(0));
                reluToPool.put(relu, pool);
                for (Node grad : usersOf(users, pool)) {
                    Node mask = grad.op() instanceof Pool2dGrad && grad.inputs().size() == 2 ? grad.input(0) : null;
                    if (mask != null && isReluGrad(mask) && mask.input(1) == relu && soleUse(g, users, mask, grad)) {
                        masked.put(grad, new MaskedGrad(grad, mask.input(0), pool));
                        dropped.add(mask);
                    }
                }
            } else {
                reluBefore(g, users, relu, fusedPoolInput, masked, dropped);
            }
        }
        if (fusedPoolInput.isEmpty()) {
            return g;
        }
        return Rewriter.rewrite(g, (r, old) -> {
            if (dropped.contains(old)) {
                return Rewriter.DROP;
            }
            if (fusedPoolInput.containsKey(old)) {
                return r.add(old, new Pool2d(((Pool2d) old.op()).geometry(), true),
                        List.of(r.map(fusedPoolInput.get(old))));
            }
            if (reluToPool.containsKey(old)) {
                return r.map(reluToPool.get(old));
            }
            MaskedGrad m = masked.get(old);
            if (m != null) {
                return r.add(m.like(), new Pool2dGrad(((Pool2d) m.pool().op()).geometry(), true),
                        List.of(r.map(m.dy()), r.map(m.pool())));
            }
            return null;
        });
    }

    /** relu(pool): the pooling's other users may only be its gradients, which read its indices. */
    private static boolean reluAfter(Graph g, Map<Node, List<Node>> users, Node pool, Node relu) {
        if (g.outputs().containsValue(pool)) {
            return false;
        }
        for (Node u : usersOf(users, pool)) {
            if (u != relu && !(u.op() instanceof Pool2dGrad && u.input(1) == pool && u.input(0) != pool)) {
                return false;
            }
        }
        return true;
    }

    /**
     * pool(relu(x)): the ReLU's users must be one max pooling and the ReLU gradients of that pooling's gradient,
     * each the sole user of it; the ReLU then disappears and each such pair becomes one masked pooling gradient.
     */
    private static void reluBefore(Graph g, Map<Node, List<Node>> users, Node relu, Map<Node, Node> fusedPoolInput,
                                   Map<Node, MaskedGrad> masked, Set<Node> dropped) {
        if (g.outputs().containsValue(relu)) {
            return;
        }
        Node pool = null;
        for (Node u : usersOf(users, relu)) {
            if (isMaxPool(u) && u.input(0) == relu && pool == null) {
                pool = u;
            } else if (!isReluGrad(u) || u.input(1) != relu || u.input(0) == relu) {
                return;
            }
        }
        if (pool == null || fusedPoolInput.containsKey(pool)) {
            return;
        }
        Map<Node, MaskedGrad> pairs = new HashMap<>();
        for (Node u : usersOf(users, relu)) {
            if (u == pool) {
                continue;
            }
            Node grad = u.input(0);
            boolean pair = grad.op() instanceof Pool2dGrad p && !p.relu() && grad.inputs().size() == 2
                    && grad.input(1) == pool && soleUse(g, users, grad, u);
            if (!pair) {
                return;
            }
            pairs.put(u, new MaskedGrad(grad, grad.input(0), pool));
        }
        fusedPoolInput.put(pool, relu.input(0));
        masked.putAll(pairs);
        dropped.add(relu);
        pairs.values().forEach(m -> dropped.add(m.like()));
    }

    private static boolean soleUse(Graph g, Map<Node, List<Node>> users, Node value, Node user) {
        return usersOf(users, value).equals(List.of(user)) && !g.outputs().containsValue(value);
    }

    private static List<Node> usersOf(Map<Node, List<Node>> users, Node n) {
        return users.getOrDefault(n, List.of());
    }

    private static boolean isMaxPool(Node n) {
        return n.op() instanceof Pool2d p && p.geometry().max() && !p.relu();
    }

    private static boolean isRelu(Node n) {
        return n.op() instanceof Pointwise p && p.expr() instanceof PExpr.Call1 c && c.fn() == PExpr.Fn1.RELU
                && c.a() instanceof PExpr.In in && in.index() == 0 && n.inputs().size() == 1;
    }

    private static boolean isReluGrad(Node n) {
        return n.op() instanceof Pointwise p && p.expr() instanceof PExpr.Call2 c && c.fn() == PExpr.Fn2.RELU_GRAD
                && c.a() instanceof PExpr.In a && a.index() == 0 && c.b() instanceof PExpr.In b && b.index() == 1
                && n.inputs().size() == 2;
    }
}
