package dev.nnet.passes;

import dev.nnet.ir.Graph;
import dev.nnet.ir.Node;
import dev.nnet.ir.Rewriter;
import dev.nnet.ir.op.Conv2d;
import dev.nnet.ir.op.Conv2dGradWeight;
import dev.nnet.ir.op.ConvGeometry;
import java.util.HashSet;
import java.util.Set;

/**
 * Where one graph both convolves x and takes that convolution's weight gradient (a training step), marks the
 * forward to keep its column matrix and the weight gradient to multiply by it, so im2col of x runs once per step.
 */
public final class KeepColumns implements Pass {
    /** A convolution of one value with one geometry. */
    private record Use(Node x, ConvGeometry geometry) {
    }

    @Override
    public String name() {
        return "keep-columns";
    }

    @Override
    public Graph apply(Graph g) {
        Set<Use> forwards = new HashSet<>();
        Set<Use> weightGradients = new HashSet<>();
        for (Node n : g.nodes()) {
            if (n.op() instanceof Conv2d c) {
                forwards.add(new Use(n.input(0), c.geometry()));
            } else if (n.op() instanceof Conv2dGradWeight w) {
                weightGradients.add(new Use(n.input(1), w.geometry()));
            }
        }
        Set<Use> both = new HashSet<>(forwards);
        both.retainAll(weightGradients);
        if (both.isEmpty()) {
            return g;
        }
        return Rewriter.rewrite(g, (r, old) -> {
            if (old.op() instanceof Conv2d c && !c.keepColumns() && both.contains(new Use(old.input(0), c.geometry()))) {
                return r.add(old, c.withKeepColumns(), r.map(old.inputs()));
            }
            if (old.op() instanceof Conv2dGradWeight w && !w.fromForward()
                    && both.contains(new Use(old.input(1), w.geometry()))) {
                return r.add(old, w.withFromForward(), r.map(old.inputs()));
            }
            return null;
        });
    }
}
