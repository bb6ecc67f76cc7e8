package dev.nnet.codegen.java;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Transposes compile: {@code transpose(1, 2)} of the input and of a layer's output, and {@code t()} of a matrix, run
 * as generated copies, and their gradients reach the layer before them. The loss is linear in {@code fc1}'s weights,
 * so central differences of {@code predict} give the exact gradient the generated {@code backward} must add up.
 */
class TransposeTrainingTest {
    private static final String PROGRAM = """
            model Swap {
              input x: [N, 4, 3]
              fc1 = linear(4, 3)
              fc2 = linear(3, 2)
              forward(x) {
                h = fc1(x.transpose(1, 2))
                return fc2(h.transpose(2, 1))[:, 1, :] + fc2(h[:, 0, :].t().t())
              }
            }
            train Swap {
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
    void transposesForwardAndBackward() {
        FirstWeightGradients.assertMatchCentralDifferences(GeneratedModel.load("swap.nnet", PROGRAM, work, 2));
    }
}
