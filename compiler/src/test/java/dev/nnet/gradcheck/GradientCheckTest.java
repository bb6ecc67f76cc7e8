package dev.nnet.gradcheck;

import static dev.nnet.gradcheck.CaseBuilder.N;
import static dev.nnet.gradcheck.CaseBuilder.shape;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnet.autodiff.Autodiff;
import dev.nnet.ir.GraphBuilder;
import dev.nnet.ir.IrException;
import dev.nnet.ir.op.IrOp;
import dev.nnet.ir.Node;
import dev.nnet.ir.op.Act;
import dev.nnet.ir.op.Conv2d;
import dev.nnet.ir.op.ConvGeometry;
import dev.nnet.ir.op.Input;
import dev.nnet.ir.op.Linear;
import dev.nnet.ir.op.Loss;
import dev.nnet.ir.op.LossKind;
import dev.nnet.ir.op.PExpr;
import dev.nnet.ir.op.Param;
import dev.nnet.ir.op.Pointwise;
import dev.nnet.types.TensorType;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.opentest4j.AssertionFailedError;

/**
 * Finite-difference checks, in double, of the backward graph autodiff builds for every op, on odd shapes
 * (batch 3, 5 and 7 features, 7×5 images, 3 channels); cases in {@link GradCases}.
 */
class GradientCheckTest {
    @TestFactory
    Stream<DynamicTest> backwardGraphsMatchCentralDifferences() {
        return GradCases.all().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> GradientChecker.check(c)));
    }

    /** What a training step differentiates is the fused loss; it must have the gradient of the unfused one. */
    @Test
    void fusedLossesHaveTheGradientsOfTheLossesTheyReplace() {
        Map<String, LossKind> fusedTo = Map.of("cnn:", LossKind.CROSS_ENTROPY, "shared layer:",
                LossKind.BCE_WITH_LOGITS);
        fusedTo.forEach((prefix, kind) -> {
            GradCase c = CompositeCases.cases().stream().filter(k -> k.name().startsWith(prefix)).findFirst()
                    .orElseThrow();
            Node loss = GradientChecker.checkAfterLossFusion(c).outputs().get("loss");
            assertEquals(kind, ((Loss) loss.op()).kind(), c.name());
        });
    }

    @Test
    void theComparisonCatchesAnErrorOfTenTimesTheTolerance() {
        double[] numeric = {0.5, -2.0, 1e-3};
        double[] close = {0.5 * (1 + 1e-7), -2.0 * (1 - 1e-7), 1e-3 + 1e-9};
        GradientChecker.compare("close", close, numeric, "");
        double[] off = {0.5, -2.0 * (1 + 1e-5), 1e-3};
        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> GradientChecker.compare("off", off, numeric, ""));
        assertTrue(e.getMessage().contains("element 1"), e.getMessage());
    }

    /** Fusion runs after autodiff, so a fused activation or expression reaching a gradient rule is a compiler bug. */
    @Test
    void fusedNodesRefuseToBeDifferentiated() {
        for (Act act : new Act[] {Act.RELU, Act.SIGMOID, Act.TANH}) {
            assertRefused(new Linear(true, act), "before activations are fused", shape(N, 5), shape(7, 5),
                    shape(7));
            ConvGeometry g = new ConvGeometry(3, 7, 5, 4, 3, 3, 1, 1, 0, 0, 1, 1, 1);
            assertRefused(new Conv2d(g, false, act), "before activations are fused", shape(N, 3, 7, 5),
                    shape(4, 3, 3, 3));
        }
        PExpr fused = new PExpr.Call1(PExpr.Fn1.RELU, new PExpr.Call2(PExpr.Fn2.ADD, new PExpr.In(0), new PExpr.In(1)));
        assertRefused(new Pointwise(fused), "fused expression", shape(N, 5), shape(N, 5));
        PExpr square = new PExpr.Call2(PExpr.Fn2.MUL, new PExpr.In(0), new PExpr.In(0));
        assertRefused(new Pointwise(square), "fused expression", shape(N, 5));
    }

    private static void assertRefused(IrOp op, String message, TensorType... inputs) {
        GraphBuilder b = new GraphBuilder("refused", CaseBuilder.BATCH_SYMBOL);
        Node[] in = new Node[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            in[i] = b.add(new Param("p" + i, inputs[i]), "", "p" + i);
        }
        Node y = b.add(op, "", op.name(), in);
        Node seed = b.add(new Input("seed", y.type()), "", "seed");
        IrException e = assertThrows(IrException.class, () -> Autodiff.backward(b, y, seed));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }
}
