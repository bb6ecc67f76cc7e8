package dev.nnet.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnet.runtime.loss.Bce;
import dev.nnet.runtime.loss.BceWithLogits;
import dev.nnet.runtime.loss.CrossEntropy;
import dev.nnet.runtime.loss.Mse;
import dev.nnet.runtime.loss.Nll;
import dev.nnet.runtime.metrics.Accuracy;
import dev.nnet.runtime.metrics.Progress;
import dev.nnet.runtime.optim.Adam;
import dev.nnet.runtime.optim.RmsProp;
import dev.nnet.runtime.optim.Sgd;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * What a training step calls (optimizers, losses, metrics, the progress display between redraws) allocates nothing
 * once warm, measured with the JVM's per-thread allocation counter.
 */
class HotPathAllocationTest {
    private static final int N = 64;
    private static final int C = 10;
    private static final int LEN = 1000;

    private final float[] p = new float[LEN];
    private final float[] g = new float[LEN];
    private final float[][] state = new float[4][LEN];
    private final float[] logits = new float[N * C];
    private final float[] grad = new float[N * C];
    private final int[] classes = new int[N];
    private final float[] prob = new float[N * C];
    private final float[] target = new float[N * C];
    private final Progress progress = new Progress(new PrintStream(OutputStream.nullOutputStream()), true, () -> 0L);
    private float sink;

    @Test
    void optimizersLossesAndMetricsAllocateNothingOnceWarm() {
        Random random = new Random(1);
        for (int i = 0; i < N * C; i++) {
            logits[i] = (float) random.nextGaussian();
            prob[i] = random.nextFloat() * 0.98f + 0.01f;
            target[i] = random.nextInt(2);
        }
        for (int i = 0; i < N; i++) {
            classes[i] = random.nextInt(C);
        }
        progress.update(1, 1, 1, 100, 0.5, 64); // the first call draws; later ones at the same instant do not
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());
        int i = 0;
        for (; i < 3000; i++) {
            step(i);
        }
        // Settle: a late JIT recompilation can allocate a few bytes once (seen: 64 under load), so run windows
        // until one allocates nothing; the measured window after it must allocate nothing either.
        for (int settle = 0; settle < 20; settle++) {
            long start = threads.getCurrentThreadAllocatedBytes();
            for (int end = i + 200; i < end; i++) {
                step(i);
            }
            if (threads.getCurrentThreadAllocatedBytes() == start) {
                break;
            }
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int end = i + 200; i < end; i++) {
            step(i);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertEquals(0, allocated, "bytes allocated by 200 warm steps");
        assertTrue(Float.isFinite(sink));
    }

    private void step(int i) {
        long t = i + 1;
        Sgd.step(p, g, state[0], LEN, 0.01, 0.9, 0, 1e-4, true, i == 0);
        Adam.step(p, g, state[0], state[1], state[2], LEN, 1e-3, 0.9, 0.999, 1e-8, 0.01, true, t);
        RmsProp.step(p, g, state[1], state[2], state[3], LEN, 1e-3, 0.99, 1e-8, 0.01, 0.9, true);
        float loss = CrossEntropy.forward(N, C, logits, 0, classes, grad, 0, 1f, false);
        loss += Nll.forward(N, C, logits, 0, classes, grad, 0, 1f, true);
        loss += Mse.forward(N, C, logits, 0, target, 0, grad, 0, 0.5f, false);
        loss += Bce.forward(N, C, prob, 0, target, 0, grad, 0, 1f, false);
        loss += BceWithLogits.forward(N, C, logits, 0, target, 0, grad, 0, 1f, true);
        loss += Accuracy.correctArgmax(N, C, logits, 0, classes) + Accuracy.correctBinary(N, prob, 0, target, 0.5f);
        progress.update(1, 1, i % 100 + 1, 100, loss, 64L * i);
        sink = loss;
        System.arraycopy(grad, 0, g, 0, N * C);
    }
}
