package dev.nnet.ir.op;

import dev.nnet.ir.Gradients;
import dev.nnet.ir.Node;
import dev.nnet.ir.Shapes;
import dev.nnet.types.Dim;
import dev.nnet.types.TensorType;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * An element-wise computation over inputs that broadcast to one shape: a single op ({@code relu($0)},
 * {@code add($0, $1)}) as lowered, or a fused chain ({@code relu(add($0, $1))}) after fusion.
 */
public record Pointwise(PExpr expr) implements IrOp {
    public static Pointwise of(PExpr.Fn1 fn) {
        return new Pointwise(new PExpr.Call1(fn, PExpr.in(0)));
    }

    public static Pointwise of(PExpr.Fn2 fn) {
        return new Pointwise(new PExpr.Call2(fn, PExpr.in(0), PExpr.in(1)));
    }

    /** {@code $0 op c} or, when {@code constantFirst}, {@code c op $0}. */
    public static Pointwise withConstant(PExpr.Fn2 fn, float c, boolean constantFirst) {
        PExpr k = new PExpr.Const(c);
        return new Pointwise(constantFirst ? new PExpr.Call2(fn, k, PExpr.in(0)) : new PExpr.Call2(fn, PExpr.in(0), k));
    }

    @Override
    public String name() {
        return "pointwise";
    }

    @Override
    public String attributes() {
        return expr.text();
    }

    @Override
    public Set<Trait> traits() {
        return Set.of(Trait.POINTWISE, Trait.IN_PLACE);
    }

    @Override
    public TensorType infer(List<TensorType> in) {
        Shapes.require(!in.isEmpty(), "pointwise needs an input");
        List<Dim> dims = in.get(0).dims();
        for (int i = 1; i < in.size(); i++) {
            dims = Shapes.broadcast(dims, in.get(i).dims());
        }
        return Shapes.floats(dims);
    }

    @Override
    public List<Node> gradient(Gradients g, Node self, Node dOut) {
        List<Node> grads = new ArrayList<>();
        for (int i = 0; i < self.inputs().size(); i++) {
            Node x = self.input(i);
            grads.add(g.needs(x) ? g.sumTo(self, PointwiseGradients.of(g, self, expr, i, dOut), x.type()) : null);
        }
        return grads;
    }
}
