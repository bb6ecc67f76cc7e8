package dev.nnet.codegen.java;

import com.palantir.javapoet.CodeBlock;
import dev.nnet.ir.Node;
import dev.nnet.ir.Shapes;
import dev.nnet.ir.op.Concat;
import dev.nnet.ir.op.Reshape;
import dev.nnet.ir.op.Slice;
import dev.nnet.ir.op.SliceGrad;
import dev.nnet.types.Dim;
import java.util.List;

/** Ops that only move data: reshapes (usually free), concatenation and slicing by block copies. */
final class LayoutRenderers {
    private LayoutRenderers() {
    }

    /** A reshape aliases its input's buffer; it copies only where the memory plan could not alias it. */
    static void reshape(Reshape op, Node self, JavaEmitter e) {
        Node x = self.input(0);
        if (!e.array(x).equals(e.array(self))) {
            e.statement("$T.arraycopy($L, 0, $L, 0, $L)", System.class, e.array(x), e.array(self), e.count(self));
        }
    }

    static void concat(Concat op, Node self, JavaEmitter e) {
        int axis = op.axis();
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
            b.addStatement("$T.arraycopy($L, $L, $L, $L, $L)", System.class, e.array(x), o + " * " + inInner,
                    e.array(self), plus(o + " * " + outInner, e.size(at.times(inner))), inInner);
            at = at.plus(x.type().dim(axis));
        }
        e.code(b.endControlFlow().build());
    }

    static void slice(Slice op, Node self, JavaEmitter e) {
        Node x = self.input(0);
        int axis = op.axis();
        List<Dim> in = x.type().dims();
        Dim inner = Shapes.product(in, axis + 1, in.size());
        String outer = e.size(Shapes.product(in, 0, axis));
        String inInner = e.size(Shapes.product(in, axis, in.size()));
        String outInner = e.size(op.length().times(inner));
        String o = e.local("o");
        e.code(CodeBlock.builder()
                .beginControlFlow("for (int $L = 0; $L < $L; $L++)", o, o, outer, o)
                .addStatement("$T.arraycopy($L, $L, $L, $L, $L)", System.class, e.array(x),
                        plus(o + " * " + inInner, e.size(op.start().times(inner))), e.array(self), o + " * " + outInner,
                        outInner)
                .endControlFlow()
                .build());
    }

    /** Zeros, with dy copied into [start, start + length) along the axis of each outer block. */
    static void sliceGrad(SliceGrad op, Node self, JavaEmitter e) {
        Node dy = self.input(0);
        int axis = op.axis();
        List<Dim> in = dy.type().dims();
        Dim inner = Shapes.product(in, axis + 1, in.size());
        String outer = e.size(Shapes.product(in, 0, axis));
        String dyInner = e.size(Shapes.product(in, axis, in.size()));
        String outInner = e.size(op.size().times(inner));
        String o = e.local("o");
        e.code(CodeBlock.builder()
                .addStatement("$T.fill($L, 0, $L, 0f)", java.util.Arrays.class, e.array(self), e.count(self))
                .beginControlFlow("for (int $L = 0; $L < $L; $L++)", o, o, outer, o)
                .addStatement("$T.arraycopy($L, $L, $L, $L, $L)", System.class, e.array(dy), o + " * " + dyInner,
                        e.array(self), plus(o + " * " + outInner, e.size(op.start().times(inner))), dyInner)
                .endControlFlow()
                .build());
    }

    /** {@code a + b}, or {@code a} when b is zero. */
    private static String plus(String a, String b) {
        return b.equals("0") ? a : a + " + " + b;
    }
}
