package dev.nnet.codegen.java;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.TypeName;
import dev.nnet.ir.Node;
import dev.nnet.ir.op.Pool2d;
import dev.nnet.ir.op.Pool2dGrad;
import dev.nnet.ir.op.PoolGeometry;

/** The pooling family, on {@code dev.nnet.kernels.Pool2d} objects; max pooling keeps argmax indices. */
final class PoolRenderers {
    private static final ClassName KERNEL = ClassName.get(dev.nnet.kernels.Pool2d.class);

    private PoolRenderers() {
    }

    static void pool(Pool2d op, Node self, JavaEmitter e) {
        Node x = self.input(0);
        PoolGeometry g = op.geometry();
        String indices = g.max() ? indices(e, self) : "null";
        if (op.relu()) {
            e.statement("$L.forward($L, $L, 0, $L, 0, $L, true)", kernel(e, g, self.label()),
                    e.size(x.type().dim(0)), e.array(x), e.array(self), indices);
            return;
        }
        e.statement("$L.forward($L, $L, 0, $L, 0, $L)", kernel(e, g, self.label()), e.size(x.type().dim(0)),
                e.array(x), e.array(self), indices);
    }

    /**
     * Inputs dy and the forward pooling node, whose indices max pooling reads (and, with relu, its output); a third
     * input is a second dy, added to the first in the scatter.
     */
    static void poolGrad(Pool2dGrad op, Node self, JavaEmitter e) {
        Node dy = self.input(0);
        Node pool = self.input(1);
        PoolGeometry g = op.geometry();
        if (self.inputs().size() == 3) {
            e.statement("$L.backward($L, $L, 0, $L, 0, $L, $L, 0, $L, 0)", kernel(e, g, pool.label()),
                    e.size(dy.type().dim(0)), e.array(dy), e.array(self.input(2)), indices(e, pool), e.array(self),
                    op.relu() ? e.array(pool) : "null");
            return;
        }
        if (op.relu()) {
            e.statement("$L.backward($L, $L, 0, $L, $L, 0, $L, 0)", kernel(e, g, pool.label()),
                    e.size(dy.type().dim(0)), e.array(dy), indices(e, pool), e.array(self), e.array(pool));
            return;
        }
        e.statement("$L.backward($L, $L, 0, $L, $L, 0)", kernel(e, g, pool.label()), e.size(dy.type().dim(0)),
                e.array(dy), g.max() ? indices(e, pool) : "null", e.array(self));
    }

    /** The int[] of argmax positions a max pooling node fills (one per output element, for the largest batch). */
    private static String indices(JavaEmitter e, Node pool) {
        PoolGeometry g = ((Pool2d) pool.op()).geometry();
        long perSample = (long) g.channels() * g.outHeight() * g.outWidth();
        return e.field(e.nodeKey(pool, "indices"), pool.label() + "Argmax", ArrayTypeName.of(TypeName.INT),
                CodeBlock.of("new int[$L * $L]", e.maxBatch(), perSample));
    }

    private static String kernel(JavaEmitter e, PoolGeometry g, String hint) {
        CodeBlock init = CodeBlock.of("new $T($T.Kind.$L, $L, $L, $L, $L, $L, $L, $L, $L, $L, $L, $L)", KERNEL, KERNEL,
                g.max() ? "MAX" : "AVG", g.channels(), g.height(), g.width(), g.kernelH(), g.kernelW(), g.strideH(),
                g.strideW(), g.padH(), g.padW(), g.ceilMode(), g.countIncludePad());
        return e.field("pool:" + g, hint + "Pool", KERNEL, init);
    }
}
