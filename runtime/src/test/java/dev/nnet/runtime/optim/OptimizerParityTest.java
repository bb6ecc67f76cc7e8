package dev.nnet.runtime.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.nnet.runtime.PyTorchFixtures;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * 20 steps of each optimizer configuration against PyTorch 1.13's trajectory (fixtures from
 * {@code make_fixtures.py}): parameters after steps 1, 2, 3, 5, 10 and 20, and the final optimizer state.
 */
class OptimizerParityTest {
    private static final int STEPS = 20;
    private static final int LENGTH = 19;
    private static final Set<Integer> CHECKED_STEPS = Set.of(1, 2, 3, 5, 10, 20);
    /** Ten times tighter than the parity bar 1e-6 + 1e-4·|b|: only rounding differs (PyTorch fuses some multiply-adds). */
    private static final double ABS = 1e-6;
    private static final double REL = 1e-5;

    static List<JsonObject> cases() {
        return PyTorchFixtures.cases("optim");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesPyTorch(JsonObject c) {
        String optimizer = c.get("optimizer").getAsString();
        JsonObject hyper = c.getAsJsonObject("hyper");
        float[] p = initialParam();
        Map<String, float[]> state = new TreeMap<>();
        JsonArray expectedParams = c.getAsJsonArray("params");
        int checked = 0;
        for (int step = 1; step <= STEPS; step++) {
            float[] g = gradient(step);
            switch (optimizer) {
                case "sgd" -> sgd(p, g, state, hyper, step);
                case "adam" -> adam(p, g, state, hyper, step);
                case "rmsprop" -> rmsProp(p, g, state, hyper);
                default -> throw new AssertionError(optimizer);
            }
            if (CHECKED_STEPS.contains(step)) {
                float[] expected = PyTorchFixtures.floats(expectedParams.get(checked++).getAsJsonArray());
                double worst = PyTorchFixtures.worst(p, expected, ABS, REL);
                assertTrue(worst <= 1, c.get("name") + " step " + step + ": off by " + worst + " tolerances");
            }
        }
        JsonObject expectedState = c.getAsJsonObject("state");
        assertEquals(expectedState.keySet(), state.keySet(), "state buffers, named as in PyTorch's state_dict");
        for (String name : expectedState.keySet()) {
            float[] expected = PyTorchFixtures.floats(expectedState.getAsJsonArray(name));
            double worst = PyTorchFixtures.worst(state.get(name), expected, ABS, REL);
            assertTrue(worst <= 1, c.get("name") + " " + name + ": off by " + worst + " tolerances");
        }
    }

    private static void sgd(float[] p, float[] g, Map<String, float[]> state, JsonObject hyper, int step) {
        double momentum = number(hyper, "momentum", 0);
        float[] buf = momentum != 0 ? state.computeIfAbsent(OptimizerState.MOMENTUM_BUFFER, k -> new float[LENGTH])
                : null;
        Sgd.step(p, g, buf, LENGTH, number(hyper, "lr", 0), momentum, number(hyper, "dampening", 0),
                number(hyper, "weight_decay", 0), flag(hyper, "nesterov"), step == 1);
    }

    private static void adam(float[] p, float[] g, Map<String, float[]> state, JsonObject hyper, int step) {
        boolean amsgrad = flag(hyper, "amsgrad");
        JsonArray betas = hyper.has("betas") ? hyper.getAsJsonArray("betas") : null;
        Adam.step(p, g, buffer(state, OptimizerState.EXP_AVG), buffer(state, OptimizerState.EXP_AVG_SQ),
                amsgrad ? buffer(state, OptimizerState.MAX_EXP_AVG_SQ) : null, LENGTH, number(hyper, "lr", 0),
                betas == null ? 0.9 : betas.get(0).getAsDouble(), betas == null ? 0.999 : betas.get(1).getAsDouble(),
                number(hyper, "eps", 1e-8), number(hyper, "weight_decay", 0), amsgrad, step);
    }

    private static void rmsProp(float[] p, float[] g, Map<String, float[]> state, JsonObject hyper) {
        double momentum = number(hyper, "momentum", 0);
        boolean centered = flag(hyper, "centered");
        RmsProp.step(p, g, buffer(state, OptimizerState.SQUARE_AVG),
                momentum > 0 ? buffer(state, OptimizerState.MOMENTUM_BUFFER) : null,
                centered ? buffer(state, OptimizerState.GRAD_AVG) : null, LENGTH, number(hyper, "lr", 0),
                number(hyper, "alpha", 0.99), number(hyper, "eps", 1e-8), number(hyper, "weight_decay", 0), momentum,
                centered);
    }

    private static float[] buffer(Map<String, float[]> state, String name) {
        return state.computeIfAbsent(name, k -> new float[LENGTH]);
    }

    private static double number(JsonObject hyper, String name, double otherwise) {
        return hyper.has(name) ? hyper.get(name).getAsDouble() : otherwise;
    }

    private static boolean flag(JsonObject hyper, String name) {
        return hyper.has(name) && hyper.get(name).getAsBoolean();
    }

    /** The script's {@code initial_param}. */
    static float[] initialParam() {
        float[] p = new float[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            p[i] = (float) ((PyTorchFixtures.hashed(i, 1) - 0.5) * 4);
        }
        return p;
    }

    /** The script's {@code gradient(step)}: exact in float32. */
    static float[] gradient(int step) {
        float[] g = new float[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            g[i] = (float) (((i * 37 + step * 11) % 23 - 11) / 16.0 * Math.scalb(1.0, -5 * (i % 5)));
        }
        return g;
    }
}
