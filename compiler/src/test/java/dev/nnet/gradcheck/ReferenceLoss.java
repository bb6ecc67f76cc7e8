package dev.nnet.gradcheck;

import dev.nnet.ir.Node;
import dev.nnet.ir.op.LossKind;

/**
 * The losses in double from their PyTorch definitions, and their derivatives with respect to the prediction
 * written out by hand (the meaning of {@code loss_grad}). Class targets hold each row's class index; the mean of a
 * class loss is over rows, of the others over every element.
 */
final class ReferenceLoss {
    private ReferenceLoss() {
    }

    static double loss(ReferenceInterpreter ri, Node n, LossKind kind, boolean sum, float scale, double[] pred,
                       double[] target) {
        double total = 0;
        if (kind.classTargets()) {
            int cols = ri.size(n.input(0).type().dim(-1));
            for (int r = 0; r < target.length; r++) {
                int t = (int) target[r];
                double expSum = 0;
                for (int c = 0; c < cols; c++) {
                    expSum += Math.exp(pred[r * cols + c]);
                }
                // cross-entropy = −log softmax(x)[t]; nll = −x[t], x being log-probabilities already.
                total += kind == LossKind.CROSS_ENTROPY ? Math.log(expSum) - pred[r * cols + t] : -pred[r * cols + t];
            }
        } else {
            for (int i = 0; i < pred.length; i++) {
                total += elementLoss(kind, pred[i], target[i]);
            }
        }
        return scale * (sum ? total : total / count(kind, pred, target));
    }

    private static double elementLoss(LossKind kind, double x, double y) {
        switch (kind) {
            case MSE:
                return (x - y) * (x - y);
            case BCE:
                return -(y * Math.max(Math.log(x), -100) + (1 - y) * Math.max(Math.log(1 - x), -100));
            case BCE_WITH_LOGITS:
                double p = 1 / (1 + Math.exp(-x));
                return -(y * Math.log(p) + (1 - y) * Math.log(1 - p));
            default:
                throw new IllegalStateException("no reference semantics for loss " + kind);
        }
    }

    /** d(scale · loss)/d(prediction). */
    static double[] lossGrad(ReferenceInterpreter ri, Node n, LossKind kind, boolean sum, float scale, double[] pred,
                             double[] target) {
        double k = scale / (sum ? 1.0 : count(kind, pred, target));
        double[] g = new double[pred.length];
        if (kind.classTargets()) {
            int cols = ri.size(n.input(0).type().dim(-1));
            for (int r = 0; r < target.length; r++) {
                int t = (int) target[r];
                double expSum = 0;
                for (int c = 0; c < cols; c++) {
                    expSum += Math.exp(pred[r * cols + c]);
                }
                for (int c = 0; c < cols; c++) {
                    double softmax = kind == LossKind.CROSS_ENTROPY ? Math.exp(pred[r * cols + c]) / expSum : 0;
                    g[r * cols + c] = k * (softmax - (c == t ? 1 : 0));
                }
            }
        } else {
            for (int i = 0; i < pred.length; i++) {
                g[i] = k * elementGrad(kind, pred[i], target[i]);
            }
        }
        return g;
    }

    private static double elementGrad(LossKind kind, double x, double y) {
        switch (kind) {
            case MSE:
                return 2 * (x - y);
            case BCE:
                return (x - y) / (x * (1 - x));
            case BCE_WITH_LOGITS:
                return 1 / (1 + Math.exp(-x)) - y;
            default:
                throw new IllegalStateException("no reference semantics for loss " + kind);
        }
    }

    private static int count(LossKind kind, double[] pred, double[] target) {
        return kind.classTargets() ? target.length : pred.length;
    }
}
