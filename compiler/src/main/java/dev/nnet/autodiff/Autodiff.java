package dev.nnet.autodiff;

import dev.nnet.ir.Gradients;
import dev.nnet.ir.GraphBuilder;
import dev.nnet.ir.op.IrOp;
import dev.nnet.ir.Node;
import dev.nnet.ir.op.Param;
import dev.nnet.ir.op.PExpr;
import dev.nnet.ir.op.Pointwise;
import dev.nnet.ir.op.ReduceTo;
import dev.nnet.types.TensorType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reverse-mode differentiation over the IR: walks the forward nodes backwards from the root, asks each op for the
 * gradients of its inputs (its rule lives beside its definition) and sums gradients that meet. The backward pass
 * is ordinary IR appended to the same builder, so the passes and code generators treat it like the forward.
 */
public final class Autodiff implements Gradients {
    private final GraphBuilder b;
    private final Set<Node> needs = new HashSet<>();
    private final Map<Node, Node> grads = new LinkedHashMap<>();

    private Autodiff(GraphBuilder b) {
        this.b = b;
    }

    /**
     * Appends the gradient of {@code root} with respect to every parameter it depends on. {@code seed} is the
     * gradient of the root (null when the root is a loss, whose rule starts from 1). Returns each parameter's
     * gradient node, in the order the parameters appear in the graph.
     */
    public static Map<Node, Node> backward(GraphBuilder b, Node root, Node seed) {
        Autodiff ad = new Autodiff(b);
        List<Node> forward = new ArrayList<>(b.nodes());
        for (Node n : forward) {
            if (n.op() instanceof Param || n.inputs().stream().anyMatch(ad.needs::contains)) {
                ad.needs.add(n);
            }
        }
        ad.grads.put(root, seed);
        for (int i = forward.indexOf(root); i >= 0; i--) {
            Node n = forward.get(i);
            if (!ad.grads.containsKey(n) || n.op() instanceof Param || !ad.needs.contains(n)) {
                continue;
            }
            List<Node> inputGrads = n.op().gradient(ad, n, ad.grads.get(n));
            for (int k = 0; k < inputGrads.size(); k++) {
                Node g = inputGrads.get(k);
                if (g != null && ad.needs.contains(n.input(k))) {
                    ad.accumulate(n.input(k), g);
                }
            }
        }
        Map<Node, Node> out = new LinkedHashMap<>();
        for (Node n : forward) {
            if (n.op() instanceof Param && ad.grads.get(n) != null) {
                out.put(n, ad.grads.get(n));
            }
        }
        return out;
    }

    private void accumulate(Node input, Node g) {
        Node previous = grads.get(input);
        grads.put(input, previous == null ? g
                : b.add(Pointwise.of(PExpr.Fn2.ADD), input.origin(), "d(" + input.label() + ")", previous, g));
    }

    @Override
    public Node add(Node self, IrOp op, Node... inputs) {
        return b.add(op, self.origin(), "d(" + self.label() + ")", inputs);
    }

    @Override
    public boolean needs(Node input) {
        return needs.contains(input);
    }

    @Override
    public Node sumTo(Node self, Node grad, TensorType target) {
        return grad.type().dims().equals(target.dims()) ? grad : add(self, new ReduceTo(target), grad);
    }
}
