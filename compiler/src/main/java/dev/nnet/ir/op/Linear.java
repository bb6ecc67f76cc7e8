package dev.nnet.ir.op;

import dev.nnet.ir.Emitter;
import dev.nnet.ir.Gradients;
import dev.nnet.ir.IrOp;
import dev.nnet.ir.Node;
import dev.nnet.ir.Shapes;
import dev.nnet.types.Dim;
import dev.nnet.types.TensorType;
import java.util.ArrayList;
import java.util.List;

/** {@code y = act(x·Wᵀ + b)} over the last axis; inputs x, weight [out, in] and, if {@code bias}, bias [out]. */
public record Linear(boolean bias, Act act) implements IrOp {
    @Override
    public String name() {
        return "linear";
    }

    @Override
    public String attributes() {
        return act == Act.NONE ? "" : "act=" + act.text();
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

    @Override
    public void emit(Emitter e, Node self) {
        Node x = self.input(0);
        Node w = self.input(1);
        List<Dim> dims = x.type().dims();
        String rows = e.size(Shapes.product(dims, 0, dims.size() - 1));
        String in = e.size(w.type().dim(1));
        String out = e.size(w.type().dim(0));
        String b = bias ? e.array(self.input(2)) : "null";
        String bOff = bias ? e.offset(self.input(2)) : "0";
        e.statement("$T.sgemm(false, true, $L, $L, $L, 1f, $L, $L, $L, $L, $L, $L, 0f, $L, $L, $L, $L, $L, false, $T.$L)",
                e.kernel("Gemm"), rows, out, in, e.array(x), e.offset(x), in, e.array(w), e.offset(w), in,
                e.array(self), e.offset(self), out, b, bOff, e.kernel("Activation"), act.name());
    }
}
