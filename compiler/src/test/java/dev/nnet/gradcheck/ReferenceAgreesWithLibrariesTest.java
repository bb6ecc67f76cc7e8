package dev.nnet.gradcheck;

import static dev.nnet.gradcheck.CaseBuilder.BATCH;
import static dev.nnet.gradcheck.CaseBuilder.N;
import static dev.nnet.gradcheck.CaseBuilder.shape;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnet.gradcheck.CaseBuilder.Fill;
import dev.nnet.ir.Node;
import dev.nnet.ir.op.Act;
import dev.nnet.ir.op.Conv2d;
import dev.nnet.ir.op.Conv2dGradInput;
import dev.nnet.ir.op.Conv2dGradWeight;
import dev.nnet.ir.op.ConvGeometry;
import dev.nnet.ir.op.Loss;
import dev.nnet.ir.op.LossGrad;
import dev.nnet.ir.op.LossKind;
import dev.nnet.ir.op.Pool2d;
import dev.nnet.ir.op.Pool2dGrad;
import dev.nnet.ir.op.PoolGeometry;
import dev.nnet.kernels.Activation;
import dev.nnet.runtime.loss.Bce;
import dev.nnet.runtime.loss.BceWithLogits;
import dev.nnet.runtime.loss.CrossEntropy;
import dev.nnet.runtime.loss.Mse;
import dev.nnet.runtime.loss.Nll;
import dev.nnet.types.TensorType;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The ops whose meaning lives in a library rather than in the generated code (convolution and pooling in
 * {@code nnet-kernels}, losses and their gradients in {@code nnet-runtime}) mean the same in the reference
 * interpreter: the float32 libraries agree with it within float rounding, so what the gradient checks prove of
 * the reference holds for the code that runs.
 */
class ReferenceAgreesWithLibrariesTest {
    private final ReferenceInterpreter reference = new ReferenceInterpreter(CaseBuilder.BATCH_SYMBOL, BATCH, Map.of());

    @Test
    void convolutionAndItsGradientsMatchTheKernel() {
        for (ConvGeometry g : new ConvGeometry[] {new ConvGeometry(3, 7, 5, 6, 2, 3, 1, 2, 1, 0, 2, 1, 3),
                new ConvGeometry(3, 7, 5, 5, 3, 2, 2, 1, 1, 2, 1, 2, 1)}) {
            CaseBuilder c = new CaseBuilder(new Random(1));
            Node x = c.input("x", shape(N, g.inChannels(), g.height(), g.width()), Fill.UNIFORM);
            Node w = c.input("w", shape(g.outChannels(), g.inChannels() / g.groups(), g.kernelH(), g.kernelW()),
                    Fill.UNIFORM);
            Node b = c.input("b", shape(g.outChannels()), Fill.UNIFORM);
            Node y = c.op(new Conv2d(g, true, Act.NONE), x, w, b);
            Node dy = c.input("dy", y.type(), Fill.UNIFORM);
            Node dx = c.op(new Conv2dGradInput(g), dy, w);
            Node dw = c.op(new Conv2dGradWeight(g), dy, x);
            Map<Node, double[]> r = run(c);

            dev.nnet.kernels.Conv2d k = new dev.nnet.kernels.Conv2d(BATCH, g.inChannels(), g.height(), g.width(),
                    g.outChannels(), g.kernelH(), g.kernelW(), g.strideH(), g.strideW(), g.padH(), g.padW(),
                    g.dilationH(), g.dilationW(), g.groups());
            float[] ky = new float[r.get(y).length];
            k.forward(BATCH, floats(r.get(x)), 0, floats(r.get(w)), floats(r.get(b)), ky, 0, Activation.NONE);
            assertClose(g + " forward", r.get(y), ky);
            float[] kdx = new float[r.get(dx).length];
            k.backwardData(BATCH, floats(r.get(dy)), 0, floats(r.get(w)), kdx, 0);
            assertClose(g + " backwardData", r.get(dx), kdx);
            float[] kdw = new float[r.get(dw).length];
            k.backwardWeight(BATCH, floats(r.get(x)), 0, floats(r.get(dy)), 0, kdw, null, false);
            assertClose(g + " backwardWeight", r.get(dw), kdw);
        }
    }

    @Test
    void poolingAndItsGradientMatchTheKernel() {
        for (PoolGeometry g : new PoolGeometry[] {new PoolGeometry(true, 3, 7, 5, 3, 2, 2, 1, 1, 1, true, true),
                new PoolGeometry(true, 2, 5, 7, 3, 3, 2, 2, 1, 1, false, true),
                new PoolGeometry(false, 3, 7, 5, 3, 3, 2, 2, 1, 1, false, true),
                new PoolGeometry(false, 3, 7, 5, 3, 2, 2, 2, 1, 1, true, false),
                new PoolGeometry(false, 2, 7, 5, 2, 2, 2, 2, 0, 0, true, true)}) {
            CaseBuilder c = new CaseBuilder(new Random(2));
            Node x = c.input("x", shape(N, g.channels(), g.height(), g.width()), Fill.DISTINCT);
            Node y = c.op(new Pool2d(g), x);
            Node dy = c.input("dy", y.type(), Fill.UNIFORM);
            Node dx = c.op(new Pool2dGrad(g), dy, y);
            Map<Node, double[]> r = run(c);

            dev.nnet.kernels.Pool2d k = new dev.nnet.kernels.Pool2d(g.max() ? dev.nnet.kernels.Pool2d.Kind.MAX
                    : dev.nnet.kernels.Pool2d.Kind.AVG, g.channels(), g.height(), g.width(), g.kernelH(), g.kernelW(),
                    g.strideH(), g.strideW(), g.padH(), g.padW(), g.ceilMode(), g.countIncludePad());
            float[] ky = new float[r.get(y).length];
            int[] indices = g.max() ? new int[ky.length] : null;
            k.forward(BATCH, floats(r.get(x)), 0, ky, 0, indices);
            assertClose(g + " forward", r.get(y), ky);
            float[] kdx = new float[r.get(dx).length];
            k.backward(BATCH, floats(r.get(dy)), 0, indices, kdx, 0);
            assertClose(g + " backward", r.get(dx), kdx);
        }
    }

    @Test
    void lossesAndTheirGradientsMatchTheRuntime() {
        for (LossKind kind : LossKind.values()) {
            for (boolean sum : new boolean[] {false, true}) {
                TensorType predType = kind.classTargets() ? shape(N, 7) : shape(N, 5);
                CaseBuilder c = new CaseBuilder(new Random(3));
                Node pred = c.input("pred", predType, kind == LossKind.BCE ? Fill.PROBABILITY : Fill.UNIFORM);
                Node target = kind.classTargets() ? c.classes("target", 7)
                        : c.input("target", predType, kind == LossKind.MSE ? Fill.UNIFORM : Fill.PROBABILITY);
                Node loss = c.op(new Loss(kind, sum, 0.25f), pred, target);
                Node grad = c.op(new LossGrad(kind, sum, 0.25f), pred, target);
                Map<Node, double[]> r = run(c);

                float[] p = floats(r.get(pred));
                float[] g = new float[p.length];
                float value = 0.25f * runtimeLoss(kind, sum, p, r.get(target), g, 0.25f);
                String what = kind + (sum ? " sum" : " mean");
                assertClose(what + " loss", r.get(loss), new float[] {value});
                assertClose(what + " gradient", r.get(grad), g);
            }
        }
    }

    /** The runtime call {@link LossGrad}'s emitter writes: the unscaled loss, the gradient times {@code scale}. */
    private static float runtimeLoss(LossKind kind, boolean sum, float[] pred, double[] target, float[] grad,
                                     float scale) {
        int classes = 7;
        int[] labels = new int[target.length];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = (int) target[i];
        }
        switch (kind) {
            case MSE:
                return Mse.forward(BATCH, 5, pred, 0, floats(target), 0, grad, 0, scale, sum);
            case BCE:
                return Bce.forward(BATCH, 5, pred, 0, floats(target), 0, grad, 0, scale, sum);
            case BCE_WITH_LOGITS:
                return BceWithLogits.forward(BATCH, 5, pred, 0, floats(target), 0, grad, 0, scale, sum);
            case CROSS_ENTROPY:
                return CrossEntropy.forward(BATCH, classes, pred, 0, labels, 0, grad, 0, scale, sum);
            case NLL:
                return Nll.forward(BATCH, classes, pred, 0, labels, 0, grad, 0, scale, sum);
            default:
                throw new IllegalStateException(kind.name());
        }
    }

    /** The reference runs on exactly the float32 values the library gets. */
    private Map<Node, double[]> run(CaseBuilder c) {
        c.leaves().replaceAll((n, v) -> {
            double[] rounded = new double[v.length];
            for (int i = 0; i < v.length; i++) {
                rounded[i] = (float) v[i];
            }
            return rounded;
        });
        return reference.run(c.graph().nodes(), c.leaves());
    }

    private static float[] floats(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }

    /** Within float32 rounding of short sums: |a − b| ≤ 1e-5 + 1e-5·|b|. */
    private static void assertClose(String what, double[] reference, float[] library) {
        assertEquals(reference.length, library.length, what);
        for (int i = 0; i < reference.length; i++) {
            double err = Math.abs(library[i] - reference[i]);
            assertTrue(err <= 1e-5 + 1e-5 * Math.abs(reference[i]), what + ": element " + i + " is " + library[i]
                    + " in the library, " + reference[i] + " in the reference");
        }
    }
}
