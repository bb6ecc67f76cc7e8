package dev.nnet.codegen.java;

import com.palantir.javapoet.CodeBlock;
import dev.nnet.ir.Node;
import dev.nnet.ir.Shapes;
import dev.nnet.ir.op.Concat;
import dev.nnet.ir.op.Reshape;
import dev.nnet.ir.op.Slice;
import dev.nnet.ir.op.SliceGrad;
import dev.nnet.ir.op.Transpose;
import dev.nnet.types.Dim;
import java.util.List;

/** Ops that only move data: reshapes (usually free), concatenation, slicing and transposes by block copies. */
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
            b.addStatement("$T.arraycopy($L, $L, $L, $L, $L)", System.class, e.array(x), times(o, inInner),
                    e.array(self), plus(times(o, outInner), e.size(at.times(inner))), inInner);
            at = at.plus(x.type().dim(axis));
        }
        e.code(b.endControlFlow().build());
    }

    static void slice(Slice op, Node self, JavaEmitter e) {
        Node x = self.input(0);
        e.code(slab(e, op.axis(), x.type().dims(), op.start(), op.length(), x, self, true).build());
    }

    /** Zeros, with dy copied back into [start, start + length) along the axis. */
    static void sliceGrad(SliceGrad op, Node self, JavaEmitter e) {
        Node dy = self.input(0);
        CodeBlock.Builder b = CodeBlock.builder()
                .addStatement("$T.fill($L, 0, $L, 0f)", java.util.Arrays.class, e.array(self), e.count(self));
        e.code(b.add(slab(e, op.axis(), self.type().dims(), op.start(), dy.type().dim(op.axis()), dy, self, false)
                .build()).build());
    }

    /** A tiled copy that swaps the two axes: the input read as [outer, rows, mid, cols, inner]. */
    static void transpose(Transpose op, Node self, JavaEmitter e) {
        Node x = self.input(0);
        List<Dim> d = x.type().dims();
        int a = op.first();
        int b = op.second();
        e.statement("$T.swapAxes($L, $L, $L, $L, $L, $L, $L)", dev.nnet.kernels.Transpose.class, e.array(x),
                e.array(self), e.size(Shapes.product(d, 0, a)), e.size(d.get(a)), e.size(Shapes.product(d, a + 1, b)),
                e.size(d.get(b)), e.size(Shapes.product(d, b + 1, d.size())));
    }

    /**
     * The loop that moves the slab [start, start + length) of {@code axis} of a tensor shaped {@code full}: out of
     * it into a dense {@code to} ({@code fromFull}), or from a dense {@code from} into it.
     */
    private static CodeBlock.Builder slab(JavaEmitter e, int axis, List<Dim> full, Dim start, Dim length, Node from,
                                          Node to, boolean fromFull) {
        Dim inner = Shapes.product(full, axis + 1, full.size());
        String outer = e.size(Shapes.product(full, 0, axis));
        String fullBlock = e.size(Shapes.product(full, axis, full.size()));
        String slabBlock = e.size(length.times(inner));
        String o = e.local("o");
        String inFull = plus(times(o, fullBlock), e.size(start.times(inner)));
        String inSlab = times(o, slabBlock);
        return CodeBlock.builder()
                .beginControlFlow("for (int $L = 0; $L < $L; $L++)", o, o, outer, o)
                .addStatement("$T.arraycopy($L, $L, $L, $L, $L)", System.class, e.array(from),
                        fromFull ? inFull : inSlab, e.array(to), fromFull ? inSlab : inFull, slabBlock)
                .endControlFlow();
    }

    /** {@code o * (size)}: a size with a sum in it (batch-dependent plus fixed) is bracketed. */
    private static String times(String o, String size) {
        return size.contains("+") || size.contains("-") ? o + " * (" + size + ")" : o + " * " + size;
    }

    /** {@code a + b}, or {@code a} when b is zero. */
    private static String plus(String a, String b) {
        return b.equals("0") ? a : a + " + " + b;
    }
}
