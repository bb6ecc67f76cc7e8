package dev.nnet.passes;

import dev.nnet.ir.Graph;
import dev.nnet.ir.Node;
import dev.nnet.ir.Rewriter;
import dev.nnet.ir.op.Act;
import dev.nnet.ir.op.Conv2d;
import dev.nnet.ir.op.PExpr;
import dev.nnet.ir.op.Pointwise;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Folds a residual block's add into the convolution that feeds it: {@code add(conv(x), r)} (either order) becomes
 * {@code conv(x) residual}, which adds r after the bias in the convolution's own store of y; the ReLU that follows
 * is then fused-epilogue's to fold, giving {@code relu(conv + bias + r)} in one pass. Runs after autodiff, so the
 * gradients are the unfused ones: relu_grad reads the ReLU's output, which the fused node produces, and the add's
 * gradient reads no value. The convolution's output must have the add as its only user (nothing else needs the
 * value before the add), and r must have the output's shape (no broadcast). Bit for bit the unfused result: the
 * conv and bias rounded to float, then one float add, as the pointwise loop did (IEEE addition commutes).
 */
public final class FuseResidual implements Pass {
    @Override
    public String name() {
        return "fuse-residual";
    }

    @Override
    public Graph apply(Graph g) {
        Map<Node, List<Node>> users = g.users();
        Map<Node, Node> convOfAdd = new HashMap<>();
        Map<Node, Node> residualOfAdd = new HashMap<>();
        for (Node add : g.nodes()) {
            if (!isAdd(add)) {
                continue;
            }
            for (int i = 0; i < 2; i++) {
                Node conv = add.input(i);
                Node residual = add.input(1 - i);
                if (foldable(g, users, conv, add) && residual != conv
                        && residual.type().dims().equals(add.type().dims())) {
                    convOfAdd.put(add, conv);
                    residualOfAdd.put(add, residual);
                    break;
                }
            }
        }
        if (convOfAdd.isEmpty()) {
            return g;
        }
        return Rewriter.rewrite(g, (r, old) -> {
            if (convOfAdd.containsValue(old)) {
                return Rewriter.DROP; // rebuilt where its add was, after the residual it now reads
            }
            Node conv = convOfAdd.get(old);
            if (conv == null) {
                return null;
            }
            List<Node> inputs = new ArrayList<>(r.map(conv.inputs()));
            inputs.add(r.map(residualOfAdd.get(old)));
            return r.add(conv, ((Conv2d) conv.op()).withResidual(), inputs);
        });
    }

    /** A convolution with no epilogue yet, whose only reader is {@code add}. */
    private static boolean foldable(Graph g, Map<Node, List<Node>> users, Node conv, Node add) {
        return conv.op() instanceof Conv2d c && c.act() == Act.NONE && !c.residual()
                && users.getOrDefault(conv, List.of()).equals(List.of(add)) && !g.outputs().containsValue(conv)
                && conv.type().dims().equals(add.type().dims());
    }

    private static boolean isAdd(Node n) {
        return n.op() instanceof Pointwise p && p.expr() instanceof PExpr.Call2 c && c.fn() == PExpr.Fn2.ADD
                && c.a() instanceof PExpr.In a && a.index() == 0 && c.b() instanceof PExpr.In b && b.index() == 1
                && n.inputs().size() == 2;
    }
}
