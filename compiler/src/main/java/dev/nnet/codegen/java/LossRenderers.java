package dev.nnet.codegen.java;

import com.palantir.javapoet.CodeBlock;
import dev.nnet.ir.Node;
import dev.nnet.ir.op.Loss;
import dev.nnet.ir.op.LossGrad;
import dev.nnet.ir.op.LossKind;
import dev.nnet.runtime.loss.Bce;
import dev.nnet.runtime.loss.BceWithLogits;
import dev.nnet.runtime.loss.CrossEntropy;
import dev.nnet.runtime.loss.Mse;
import dev.nnet.runtime.loss.Nll;

/** Losses call the runtime's loss classes, which compute the loss and, for the gradient, its derivative. */
final class LossRenderers {
    private LossRenderers() {
    }

    static Class<?> runtimeClass(LossKind kind) {
        return switch (kind) {
            case MSE -> Mse.class;
            case BCE -> Bce.class;
            case BCE_WITH_LOGITS -> BceWithLogits.class;
            case CROSS_ENTROPY -> CrossEntropy.class;
            case NLL -> Nll.class;
        };
    }

    /** The loss value; with its gradient as well where the gradient node comes next ({@link LossWithGradient}). */
    static void loss(Loss op, Node self, JavaEmitter e) {
        Node grad = e.lossPartner(self);
        String value = e.array(self);
        CodeBlock loss = grad == null ? call(e, self, op.kind(), op.sum(), null, 1f)
                : call(e, self, op.kind(), op.sum(), grad, ((LossGrad) grad.op()).scale());
        if (op.scale() == 1f) {
            e.statement("$L[0] = $L", value, loss);
        } else {
            e.statement("$L[0] = $Lf * $L", value, op.scale(), loss);
        }
    }

    /** Inputs prediction and target; the loss value itself is not needed, only the gradient it writes. */
    static void lossGrad(LossGrad op, Node self, JavaEmitter e) {
        if (e.lossPartner(self) != null) {
            e.code(CodeBlock.of("// written by the loss call above\n"));
            return;
        }
        e.statement("$L", call(e, self, op.kind(), op.sum(), self, op.scale()));
    }

    /** The runtime call computing the loss of {@code node}'s inputs and, when {@code grad} is set, its gradient. */
    private static CodeBlock call(JavaEmitter e, Node node, LossKind kind, boolean sum, Node grad, float gradScale) {
        return call(e, node, kind, sum, grad, gradScale + "f");
    }

    /** {@link #call} with the gradient's scale a Java float expression (the batch-split trainer's 1 / batch). */
    static CodeBlock call(JavaEmitter e, Node node, LossKind kind, boolean sum, Node grad, String gradScale) {
        Node pred = node.input(0);
        Node target = node.input(1);
        String g = grad == null ? "null" : e.array(grad);
        String rows;
        String width;
        if (kind.classTargets()) {
            rows = e.size(target.type().numel());
            width = e.size(pred.type().dim(-1));
        } else {
            boolean scalar = pred.type().dims().isEmpty();
            rows = scalar ? "1" : GemmRenderers.rows(e, pred);
            width = scalar ? "1" : e.size(pred.type().dim(-1));
        }
        return CodeBlock.of("$T.forward($L, $L, $L, 0, $L, 0, $L, 0, $L, $L)", runtimeClass(kind), rows, width,
                e.array(pred), e.array(target), g, gradScale, sum);
    }
}
