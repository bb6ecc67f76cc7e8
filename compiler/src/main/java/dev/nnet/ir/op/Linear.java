package dev.nnet.ir.op;

import dev.nnet.ir.Gradients;
import dev.nnet.ir.Node;
import dev.nnet.ir.Shapes;
import dev.nnet.types.TensorType;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** {@code y = act(x·Wᵀ + b)} over the last axis; inputs x, weight [out, in] and, if {@code bias}, bias [out]. */
public record Linear(boolean bias, Act act) implements IrOp {
    @Override
    public String name() {
        return "linear";
    }

    @Override
    public String attributes() {
        return ((bias ? "" : " nobias") + (act == Act.NONE ? "" : " act=" + act.text())).strip();
    }

    @Override
    public Set<Trait> traits() {
        return Set.of(Trait.EPILOGUE);
    }

    @Override
    public TensorType infer(List<TensorType> in) {
        Shapes.require(in.size() == (bias ? 3 : 2), "linear takes x, weight" + (bias ? ", bias" : ""));
        TensorType x = in.get(0);
        TensorType w = in.get(1);
        Shapes.require(w.rank() == 2 && x.rank() >= 1 && x.dim(-1).equals(w.dim(1)),
                "linear: input " + x.shapeText() + " does not fit weight " + w.shapeText());
        Shapes.require(!bias || in.get(2).dims().equals(List.of(w.dim(0))), "linear: bias must be [out]");
        return x.withDim(-1, w.dim(0));
    }

    @Override
    public List<Node> gradient(Gradients g, Node self, Node dOut) {
        Shapes.require(act == Act.NONE, "linear: gradients are taken before activations are fused");
        Node x = self.input(0);
        Node w = self.input(1);
        List<Node> grads = new ArrayList<>();
        grads.add(g.needs(x) ? g.add(self, new LinearGradInput(), dOut, w) : null);
        grads.add(g.needs(w) ? g.add(self, new LinearGradWeight(), dOut, x) : null);
        if (bias) {
            grads.add(g.needs(self.input(2)) ? g.add(self, new SumRows(), dOut) : null);
        }
        return grads;
    }
}
