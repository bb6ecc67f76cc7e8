package dev.nnet.codegen.java;

import dev.nnet.runtime.Rng;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Once warm, a recurrent model's forward and backward allocate nothing: the ids and lengths copied out of the data
 * rows, the embedding, the transpose, and a packed bidirectional two-layer GRU (every kernel workspace and scratch
 * array is a field made in the constructor).
 */
class RecurrentAllocationTest {
    static final String PROGRAM = """
            model Names {
              input inputs: int[N, L]
              input seq_lengths: int[N]
              embedding = embedding(8, 6, padding_idx=0)
              gru       = gru(6, 5, 2, bidirectional=true)
              fc        = linear(10, 3)
              forward(inputs, seq_lengths) {
                out, hidden = gru(embedding(inputs.t()), zeros(4, N, 5), seq_lengths)
                return fc(concat([hidden[-1], hidden[-2]], dim=1)) + fc(out[-1])
              }
            }
            train Names {
              data train = tensors(inputs=[[1, 2, 3, 0], [4, 5, 0, 0]], seq_lengths=[3, 2], target=[0, 1])
              loss cross_entropy
              optimizer adam(lr=0.01)
              epochs 1
            }
            """;

    /** How long C2 gets to compile every kernel of the step; a passing run needs a fraction of a second. */
    @TempDir
    Path work;

    @Test
    void forwardAndBackwardAllocateNothingOnceWarm() {
        GeneratedModel m = GeneratedModel.load("names.nnet", PROGRAM, work, 3);
        m.trainer.initialize(new Rng(4));
        // Rows of 4 ids and a length; lengths 4, 1 and 3 of a padded 4.
        float[] x = {1, 2, 3, 4, 4, 5, 0, 0, 0, 1, 6, 7, 1, 0, 3};
        float[] dOut = {0.5f, -1f, 0.25f, 1f, 0f, -0.5f, 2f, 1f, -1f};
        Rng rng = new Rng(1);
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 500; i++) {
            m.forward(3, x, rng);
            m.backward(3, dOut);
        }
        WarmWindows.assertSettleToZero("50 warm steps", threads::getCurrentThreadAllocatedBytes, () -> {
            for (int i = 0; i < 50; i++) {
                m.forward(3, x, rng);
                m.backward(3, dOut);
            }
        });
    }
}
