package dev.nnet.codegen.java;

import com.palantir.javapoet.CodeBlock;
import dev.nnet.ir.Node;
import dev.nnet.ir.op.Pointwise;
import dev.nnet.ir.op.ReduceTo;
import dev.nnet.types.Dim;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Element-wise loops: one loop per (fused) expression, and the sum that undoes broadcasting. */
final class PointwiseRenderers {
    private PointwiseRenderers() {
    }

    static void pointwise(Pointwise op, Node self, JavaEmitter e) {
        boolean flat = true;
        for (Node x : self.inputs()) {
            flat &= x.type().dims().equals(self.type().dims()) || x.type().numel().equals(Dim.of(1));
        }
        String i = e.local("i");
        CodeBlock.Builder b = CodeBlock.builder()
                .beginControlFlow("for (int $L = 0; $L < $L; $L++)", i, i, e.count(self), i);
        List<String> elements = new ArrayList<>();
        for (Node x : self.inputs()) {
            String index;
            if (flat) {
                boolean scalar = x.type().numel().equals(Dim.of(1)) && !self.type().numel().equals(Dim.of(1));
                index = scalar ? "0" : i;
            } else {
                // Inputs that broadcast: each one's index is rebuilt from the output's.
                index = e.local("k");
                b.addStatement("int $L = $L", index, broadcastIndex(e, self.type().dims(), x.type().dims(), i));
            }
            elements.add(e.array(x) + "[" + index + "]");
        }
        b.addStatement("$L[$L] = $L", e.array(self), i, JavaExpressions.render(op.expr(), elements));
        e.code(b.endControlFlow().build());
    }

    static void reduceTo(ReduceTo op, Node self, JavaEmitter e) {
        Node dy = self.input(0);
        String i = e.local("i");
        String out = e.array(self);
        e.code(CodeBlock.builder()
                .addStatement("$T.fill($L, 0, $L, 0f)", Arrays.class, out, e.count(self))
                .beginControlFlow("for (int $L = 0; $L < $L; $L++)", i, i, e.count(dy), i)
                .addStatement("$L[$L] += $L[$L]", out, broadcastIndex(e, dy.type().dims(), op.target().dims(), i),
                        e.array(dy), i)
                .endControlFlow()
                .build());
    }

    /** Java expression of the flat index into an input of shape {@code in} for flat output index {@code i}. */
    static String broadcastIndex(JavaEmitter e, List<Dim> out, List<Dim> in, String i) {
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
