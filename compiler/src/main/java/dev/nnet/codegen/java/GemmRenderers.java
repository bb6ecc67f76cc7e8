package dev.nnet.codegen.java;

import dev.nnet.ir.Node;
import dev.nnet.ir.Shapes;
import dev.nnet.ir.op.AccumulatesInto;
import dev.nnet.ir.op.Linear;
import dev.nnet.ir.op.LinearGradInput;
import dev.nnet.ir.op.LinearGradWeight;
import dev.nnet.ir.op.SumRows;
import dev.nnet.kernels.Activation;
import dev.nnet.kernels.Gemm;
import dev.nnet.kernels.Reduce;
import dev.nnet.types.Dim;
import java.util.List;

/** The linear family: one sgemm call each, bias and activation in the forward GEMM's epilogue, a ReLU mask in the
 *  input gradient's. */
final class GemmRenderers {
    private GemmRenderers() {
    }

    /** The rows of a [..., features] tensor: every axis but the last. */
    static String rows(JavaEmitter e, Node n) {
        List<Dim> dims = n.type().dims();
        return e.size(Shapes.product(dims, 0, dims.size() - 1));
    }

    static void linear(Linear op, Node self, JavaEmitter e) {
        Node x = self.input(0);
        Node w = self.input(1);
        String in = e.size(w.type().dim(1));
        String out = e.size(w.type().dim(0));
        String bias = op.bias() ? e.array(self.input(2)) : "null";
        e.statement("$T.sgemm(false, true, $L, $L, $L, 1f, $L, 0, $L, $L, 0, $L, 0f, $L, 0, $L, $L, 0, false, $T.$L)",
                Gemm.class, rows(e, x), out, in, e.array(x), in, e.array(w), in, e.array(self), out, bias,
                Activation.class, op.act().name());
    }

    static void linearGradInput(LinearGradInput op, Node self, JavaEmitter e) {
        Node dy = self.input(0);
        Node w = self.input(1);
        String in = e.size(w.type().dim(1));
        String out = e.size(w.type().dim(0));
        if (op.relu()) { // through the ReLU too: its output masks dx in the epilogue
            e.statement("$T.sgemmReluMasked(false, false, $L, $L, $L, 1f, $L, 0, $L, $L, 0, $L, 0f, $L, 0, $L, $L, 0)",
                    Gemm.class, rows(e, dy), in, out, e.array(dy), out, e.array(w), in, e.array(self), in,
                    e.array(self.input(2)));
            return;
        }
        e.statement("$T.sgemm(false, false, $L, $L, $L, 1f, $L, 0, $L, $L, 0, $L, 0f, $L, 0, $L)", Gemm.class,
                rows(e, dy), in, out, e.array(dy), out, e.array(w), in, e.array(self), in);
    }

    /** Into its buffer, or with beta = 1 straight into the {@code .grad} it accumulates into. */
    static void linearGradWeight(LinearGradWeight op, Node self, JavaEmitter e) {
        Node dy = self.input(0);
        Node x = self.input(1);
        String out = e.size(dy.type().dim(-1));
        String in = e.size(x.type().dim(-1));
        e.statement("$T.sgemm(true, false, $L, $L, $L, 1f, $L, 0, $L, $L, 0, $L, $L, $L, 0, $L)", Gemm.class, out,
                in, rows(e, dy), e.array(dy), out, e.array(x), in, op.into() == null ? "0f" : "1f",
                destination(op, self, e), in);
    }

    static void sumRows(SumRows op, Node self, JavaEmitter e) {
        Node dy = self.input(0);
        e.statement("$T.sumRows($L, $L, $L, 0, $L, 0, $L)", Reduce.class, rows(e, dy), e.size(dy.type().dim(-1)),
                e.array(dy), destination(op, self, e), op.into() != null);
    }

    /** The array a gradient writes: its own buffer, or the {@code .grad} data it accumulates into. */
    static String destination(AccumulatesInto op, Node self, JavaEmitter e) {
        if (op.into() == null) {
            return e.array(self);
        }
        List<Dim> dims = op.gradientType(self.inputs().stream().map(Node::type).toList()).dims();
        return ParameterRenderers.gradTensor(e, op.into(), dims) + ".data()";
    }
}
