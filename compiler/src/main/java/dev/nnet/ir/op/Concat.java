package dev.nnet.ir.op;

import com.palantir.javapoet.CodeBlock;
import dev.nnet.ir.Emitter;
import dev.nnet.ir.Gradients;
import dev.nnet.ir.IrOp;
import dev.nnet.ir.Node;
import dev.nnet.ir.Shapes;
import dev.nnet.types.Dim;
import dev.nnet.types.TensorType;
import java.util.ArrayList;
import java.util.List;

/** Joins tensors along {@code axis} (non-negative); every other axis agrees. */
public record Concat(int axis) implements IrOp {
    @Override
    public String name() {
        return "concat";
    }

    @Override
    public String attributes() {
        return "axis=" + axis;
    }

    @Override
    public TensorType infer(List<TensorType> in) {
        TensorType first = in.get(0);
        Dim total = Dim.of(0);
        for (TensorType t : in) {
            Shapes.require(t.rank() == first.rank(), "concat: ranks differ");
            for (int a = 0; a < t.rank(); a++) {
                Shapes.require(a == axis || t.dim(a).equals(first.dim(a)), "concat: axis " + a + " differs");
            }
            total = total.plus(t.dim(axis));
        }
        return first.withDim(axis, total);
    }

    @Override
    public List<Node> gradient(Gradients g, Node self, Node dOut) {
        List<Node> grads = new ArrayList<>();
        Dim start = Dim.of(0);
        for (Node x : self.inputs()) {
            grads.add(g.needs(x) ? g.add(self, new Slice(axis, start, x.type().dim(axis)), dOut) : null);
            start = start.plus(x.type().dim(axis));
        }
        return grads;
    }

    @Override
    public void emit(Emitter e, Node self) {
        List<Dim> out = self.type().dims();
        String outer = e.size(Shapes.product(out, 0, axis));
        String outInner = e.size(Shapes.product(out, axis, out.size()));
        Dim at = Dim.of(0);
        String o = e.local("o");
        CodeBlock.Builder b = CodeBlock.builder().beginControlFlow("for (int $L = 0; $L < $L; $L++)", o, o, outer, o);
        for (Node x : self.inputs()) {
            List<Dim> d = x.type().dims();
            Dim inner = Shapes.product(d, axis + 1, d.size());
            String inInner = e.size(Shapes.product(d, axis, d.size()));
            b.addStatement("$T.arraycopy($L, $L, $L, $L, $L)", System.class, e.array(x),
                    Pointwise.plus(e.offset(x), o + " * " + inInner), e.array(self),
                    Pointwise.plus(e.offset(self), o + " * " + outInner + " + " + e.size(at.times(inner))), inInner);
            at = at.plus(x.type().dim(axis));
        }
        e.code(b.endControlFlow().build());
    }
}
