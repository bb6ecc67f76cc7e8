package dev.nnet.gradcheck;

import static dev.nnet.gradcheck.CaseBuilder.N;
import static dev.nnet.gradcheck.CaseBuilder.shape;

import dev.nnet.gradcheck.CaseBuilder.Fill;
import dev.nnet.ir.Node;
import dev.nnet.ir.op.Loss;
import dev.nnet.ir.op.LossKind;
import dev.nnet.types.TensorType;
import java.util.ArrayList;
import java.util.List;

/** Gradient checks of every loss, summed and averaged, with and without a scale. */
final class LossCases {
    private LossCases() {
    }

    static List<GradCase> cases() {
        List<GradCase> out = new ArrayList<>();
        for (LossKind kind : LossKind.values()) {
            for (boolean sum : new boolean[] {false, true}) {
                for (float scale : new float[] {1f, 0.25f}) {
                    loss(out, kind, sum, scale, kind.classTargets() ? shape(N, 7) : shape(N, 5));
                }
            }
        }
        loss(out, LossKind.MSE, false, 1f, shape(N, 2, 5));
        loss(out, LossKind.MSE, true, 1f, shape(N));
        loss(out, LossKind.BCE_WITH_LOGITS, false, 1f, shape(N, 1));
        return out;
    }

    private static void loss(List<GradCase> out, LossKind kind, boolean sum, float scale, TensorType pred) {
        String name = kind.text() + (sum ? " sum" : " mean") + (scale == 1f ? "" : " scale " + scale) + " of "
                + pred.shapeText();
        out.add(new GradCase(name, c -> {
            Node p = c.param("prediction", pred, kind == LossKind.BCE ? Fill.PROBABILITY : Fill.UNIFORM);
            Node t = kind.classTargets() ? c.classes("target", pred.dims().get(1).constant().orElseThrow().intValue())
                    : c.input("target", pred, kind == LossKind.MSE ? Fill.UNIFORM
                    : kind == LossKind.BCE ? Fill.PROBABILITY : Fill.BINARY);
            c.loss(c.op(new Loss(kind, sum, scale), p, t));
        }));
    }
}
