package dev.nnet.runtime.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.nnet.runtime.PyTorchFixtures;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each loss against PyTorch 1.13 (fixtures from {@code make_fixtures.py}) on 64×10 logits and 1000-element inputs,
 * extremes included: the mean and the sum, and the mean's gradient for a backward seed of 0.5.
 */
class LossParityTest {
    /** The loss total is accumulated in double here and in float32 there; both round to within a few ulps. */
    private static final double LOSS_REL = 2e-6;
    private static final double GRAD_ABS = 1e-9;
    private static final double GRAD_REL = 1e-5;

    static List<JsonObject> cases() {
        return PyTorchFixtures.cases("loss");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesPyTorch(JsonObject c) {
        String name = c.get("name").getAsString();
        int count = c.get("rows").getAsInt() * c.get("width").getAsInt();
        for (String reduction : new String[] {"mean", "sum"}) {
            boolean sum = reduction.equals("sum");
            JsonObject expected = c.getAsJsonObject(reduction);
            float[] grad = new float[count];
            float loss = loss(c, grad, sum);
            float expectedLoss = expected.get("loss").getAsFloat();
            assertTrue(Math.abs(loss - expectedLoss) <= LOSS_REL * Math.abs(expectedLoss),
                    name + " " + reduction + ": " + loss + " but PyTorch gives " + expectedLoss);
            if (expected.has("grad_half")) {
                double worst = PyTorchFixtures.worst(grad, PyTorchFixtures.floats(expected.getAsJsonArray("grad_half")),
                        GRAD_ABS, GRAD_REL);
                assertTrue(worst <= 1, name + " " + reduction + " gradient off by " + worst + " tolerances");
            }
        }
    }

    /**
     * A generated training step takes the loss from the call that writes its gradient (codegen's LossWithGradient):
     * the loss a call returns must not depend on whether, or how scaled, it writes the gradient.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void lossIsTheSameBitsWithOrWithoutTheGradient(JsonObject c) {
        int count = c.get("rows").getAsInt() * c.get("width").getAsInt();
        for (boolean sum : new boolean[] {false, true}) {
            float alone = loss(c, null, sum);
            float withGradient = loss(c, new float[count], sum);
            assertEquals(Float.floatToRawIntBits(alone), Float.floatToRawIntBits(withGradient),
                    c.get("name").getAsString() + (sum ? " sum" : " mean") + ": " + alone + " alone, "
                            + withGradient + " with the gradient");
        }
    }

    /** The case's loss on its inputs, writing the gradient for a backward seed of 0.5 into {@code grad} if given. */
    private static float loss(JsonObject c, float[] grad, boolean sum) {
        String name = c.get("name").getAsString();
        int rows = c.get("rows").getAsInt();
        int width = c.get("width").getAsInt();
        int count = rows * width;
        JsonArray overrides = c.getAsJsonArray("overrides");
        JsonArray targetOverrides = c.getAsJsonArray("target_overrides");
        return switch (name) {
            case "cross_entropy" -> CrossEntropy.forward(rows, width,
                    PyTorchFixtures.inputs(count, 2, -8, 8, overrides), 0, classTargets(rows, width), grad, 0,
                    0.5f, sum);
            case "nll" -> Nll.forward(rows, width, PyTorchFixtures.floats(c.getAsJsonArray("input")), 0,
                    classTargets(rows, width), grad, 0, 0.5f, sum);
            case "mse" -> Mse.forward(rows, width, PyTorchFixtures.inputs(count, 3, -2, 2, overrides), 0,
                    PyTorchFixtures.inputs(count, 4, -2, 2, overrides), 0, grad, 0, 0.5f, sum);
            case "bce" -> Bce.forward(rows, width, PyTorchFixtures.inputs(count, 5, 0, 1, overrides), 0,
                    PyTorchFixtures.binaryTargets(count, targetOverrides), 0, grad, 0, 0.5f, sum);
            case "bce_with_logits" -> BceWithLogits.forward(rows, width,
                    PyTorchFixtures.inputs(count, 6, -10, 10, overrides), 0,
                    PyTorchFixtures.binaryTargets(count, targetOverrides), 0, grad, 0, 0.5f, sum);
            default -> throw new AssertionError(name);
        };
    }

    /** The script's cross-entropy targets. */
    private static int[] classTargets(int rows, int classes) {
        int[] target = new int[rows];
        for (int r = 0; r < rows; r++) {
            target[r] = (r * 7 + 3) % classes;
        }
        return target;
    }
}
