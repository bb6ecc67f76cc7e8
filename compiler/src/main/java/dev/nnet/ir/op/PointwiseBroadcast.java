package dev.nnet.ir.op;

import com.palantir.javapoet.CodeBlock;
import dev.nnet.ir.Emitter;
import dev.nnet.ir.Node;
import dev.nnet.types.Dim;
import java.util.ArrayList;
import java.util.List;

/** The general element-wise loop, for inputs that broadcast: each input's index is rebuilt from the output's. */
final class PointwiseBroadcast {
    private PointwiseBroadcast() {
    }

    static void emit(Emitter e, Node self, PExpr expr, String i) {
        List<Dim> out = self.type().dims();
        CodeBlock.Builder b = CodeBlock.builder().beginControlFlow("for (int $L = 0; $L < $L; $L++)", i, i,
                e.count(self), i);
        List<String> elements = new ArrayList<>();
        for (int j = 0; j < self.inputs().size(); j++) {
            Node x = self.input(j);
            String k = e.local("k");
            b.addStatement("int $L = $L", k, index(e, out, x.type().dims(), i));
            elements.add(e.array(x) + "[" + Pointwise.plus(e.offset(x), k) + "]");
        }
        b.addStatement("$L[$L] = $L", e.array(self), Pointwise.plus(e.offset(self), i), expr.java(elements));
        e.code(b.endControlFlow().build());
    }

    /** Java expression of the flat index into an input of shape {@code in} for flat output index {@code i}. */
    static String index(Emitter e, List<Dim> out, List<Dim> in, String i) {
        StringBuilder sum = new StringBuilder();
        String outerSize = "1";
        Dim inStride = Dim.of(1);
        for (int axis = out.size() - 1; axis >= 0; axis--) {
            int inAxis = axis - (out.size() - in.size());
            Dim size = out.get(axis);
            if (inAxis >= 0 && !in.get(inAxis).equals(Dim.of(1))) {
                String coord = "(" + i + " / " + outerSize + " % " + e.size(size) + ")";
                sum.append(sum.length() == 0 ? "" : " + ").append(coord).append(" * ").append(e.size(inStride));
            }
            if (inAxis >= 0) {
                inStride = inStride.times(in.get(inAxis));
            }
            outerSize = outerSize.equals("1") ? e.size(size) : outerSize + " * " + e.size(size);
        }
        return sum.length() == 0 ? "0" : sum.toString();
    }
}
