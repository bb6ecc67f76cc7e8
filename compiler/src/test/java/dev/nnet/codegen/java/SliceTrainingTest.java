package dev.nnet.codegen.java;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Subscripts compile: {@code h[:, 1, :]} and {@code h[:, 2:4, :]} of a layer's output run as generated slices, and
 * their gradients reach the layer before them. The loss is linear in {@code fc1}'s weights, so central differences
 * of {@code predict} give the exact gradient the generated {@code backward} must add up.
 */
class SliceTrainingTest {
    private static final String PROGRAM = """
            model Pick {
              input x: [N, 4, 3]
              fc1 = linear(3, 3)
              fc2 = linear(3, 2)
              forward(x) {
                h = fc1(x)
                return fc2(h[:, 1, :]) + fc2(h[:, 2:4, :])[:, 1, :]
              }
            }
            train Pick {
              data train = tensors(x=[[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0], [1.0, 0.0, 1.0]]],
                                   target=[[1.0, 2.0]])
              loss mse
              optimizer sgd(lr=0.1)
              epochs 1
            }
            """;

    @TempDir
    Path work;

    @Test
    void slicesForwardAndBackward() {
        FirstWeightGradients.assertMatchCentralDifferences(GeneratedModel.load("pick.nnet", PROGRAM, work, 2));
    }
}
