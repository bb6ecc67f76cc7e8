package dev.nnet.runtime.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnet.kernels.Parallel;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A tensor large enough to split its update over the kernel threads gets the serial update's bits, for every
 * optimizer and option that changes the loop, over several steps, and so does the batch-split step's gradient sum
 * (the surefire configuration asks for two threads).
 */
class SplitUpdateTest {
    // Not a multiple of the 16-float ranges, so the last range is short.
    private static final int LEN = Ranges.MIN_SPLIT * 3 + 7;

    @Test
    void updatesSplitAcrossThreads() {
        assertTrue(Parallel.threads() > 1, "these tests need a pool of two threads (-Dnnet.threads=2)");
        assertTrue(Ranges.split(LEN));
    }

    @Test
    void sgdSplitGivesTheSerialBits() {
        for (int variant = 0; variant < 4; variant++) {
            boolean nesterov = variant == 3;
            double momentum = variant == 0 ? 0 : 0.9;
            double dampening = variant == 2 ? 0.1 : 0;
            double weightDecay = variant >= 1 ? 1e-3 : 0;
            SplittableRandom rnd = new SplittableRandom(variant);
            float[] p = random(rnd);
            float[] buf = random(rnd);
            float[] pSerial = p.clone();
            float[] bufSerial = buf.clone();
            for (int step = 1; step <= 3; step++) {
                float[] g = random(rnd);
                Sgd.step(p, g, buf, LEN, 0.01, momentum, dampening, weightDecay, nesterov, step == 1);
                Sgd.update(pSerial, g, bufSerial, 0, LEN, 0.01, momentum, dampening, weightDecay, nesterov, step == 1);
                assertArrayEquals(pSerial, p, "SGD variant " + variant + " step " + step);
                assertArrayEquals(bufSerial, buf, "SGD variant " + variant + " step " + step);
            }
        }
    }

    @Test
    void adamSplitGivesTheSerialBits() {
        for (boolean amsgrad : new boolean[] {false, true}) {
            SplittableRandom rnd = new SplittableRandom(amsgrad ? 1 : 2);
            float[] p = random(rnd);
            float[] m = random(rnd);
            float[] v = positive(rnd);
            float[] vmax = amsgrad ? positive(rnd) : null;
            float[] pS = p.clone();
            float[] mS = m.clone();
            float[] vS = v.clone();
            float[] vmaxS = amsgrad ? vmax.clone() : null;
            for (int step = 1; step <= 3; step++) {
                float[] g = random(rnd);
                Adam.step(p, g, m, v, vmax, LEN, 1e-3, 0.9, 0.999, 1e-8, 1e-2, amsgrad, step);
                Adam.update(pS, g, mS, vS, vmaxS, 0, LEN, 1e-3, 0.9, 0.999, 1e-8, 1e-2, amsgrad, step);
                assertArrayEquals(pS, p, "Adam amsgrad=" + amsgrad + " step " + step);
                assertArrayEquals(mS, m);
                assertArrayEquals(vS, v);
                if (amsgrad) {
                    assertArrayEquals(vmaxS, vmax);
                }
            }
        }
    }

    @Test
    void rmsPropSplitGivesTheSerialBits() {
        for (int variant = 0; variant < 3; variant++) {
            boolean centered = variant == 2;
            double momentum = variant >= 1 ? 0.9 : 0;
            SplittableRandom rnd = new SplittableRandom(10 + variant);
            float[] p = random(rnd);
            float[] s = positive(rnd);
            float[] buf = random(rnd);
            float[] ga = new float[LEN];
            float[] pS = p.clone();
            float[] sS = s.clone();
            float[] bufS = buf.clone();
            float[] gaS = ga.clone();
            for (int step = 1; step <= 3; step++) {
                float[] g = random(rnd);
                RmsProp.step(p, g, s, buf, ga, LEN, 1e-2, 0.99, 1e-8, 1e-3, momentum, centered);
                RmsProp.update(pS, g, sS, bufS, gaS, 0, LEN, 1e-2, 0.99, 1e-8, 1e-3, momentum, centered);
                assertArrayEquals(pS, p, "RMSprop variant " + variant + " step " + step);
                assertArrayEquals(sS, s);
                assertArrayEquals(bufS, buf);
                assertArrayEquals(gaS, ga);
            }
        }
    }

    @Test
    void gradientSumSplitGivesTheSerialBits() {
        SplittableRandom rnd = new SplittableRandom(20);
        float[] sum = random(rnd);
        float[] serial = sum.clone();
        for (int share = 1; share < 4; share++) {
            float[] part = random(rnd);
            GradientSum.addInto(sum, part, LEN);
            GradientSum.add(serial, part, 0, LEN);
            assertArrayEquals(serial, sum, "after share " + share);
        }
    }

    private static float[] random(SplittableRandom rnd) {
        float[] x = new float[LEN];
        for (int i = 0; i < LEN; i++) {
            x[i] = (float) rnd.nextDouble(-1, 1);
        }
        return x;
    }

    private static float[] positive(SplittableRandom rnd) {
        float[] x = new float[LEN];
        for (int i = 0; i < LEN; i++) {
            x[i] = (float) rnd.nextDouble(0, 0.1);
        }
        return x;
    }
}
