package dev.nnet.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnet.runtime.Batch;
import org.junit.jupiter.api.Test;

/** Data sets from Java arrays: what {@code Training.data(name, Samples.of(x, y))} trains on. */
class SamplesTest {
    @Test
    void floatTargetsKeepTheirRowsAndAreCopied() {
        float[][] x = {{1f, 2f}, {3f, 4f}};
        Dataset d = Samples.of(x, new float[][] {{5f}, {6f}});
        x[0][0] = 99f; // a later change does not reach the data set
        Batch b = new Batch(2, 2, 1, false);
        d.fill(new int[] {1, 0}, 0, 2, b);
        assertArrayEquals(new float[] {3f, 4f, 1f, 2f}, b.x);
        assertArrayEquals(new float[] {6f, 5f}, b.yFloat);
        assertEquals(2, d.size());
    }

    @Test
    void classTargetsTakeASampleShape() {
        Dataset d = Samples.classified(new float[][] {new float[4], new float[4], new float[4]}, new int[] {0, 2, 1},
                1, 2, 2);
        assertArrayEquals(new int[] {1, 2, 2}, d.sampleShape());
        assertTrue(d.classTargets());
        assertEquals(3, d.classes());
    }

    @Test
    void mistakesSayWhatIsWrong() {
        assertEquals("2 samples but 1 targets", assertThrows(IllegalArgumentException.class,
                () -> Samples.of(new float[][] {{1f}, {2f}}, new float[][] {{1f}})).getMessage());
        assertEquals("x[1] has 1 values but x[0] has 2; every row needs the same length",
                assertThrows(IllegalArgumentException.class,
                        () -> Samples.of(new float[][] {{1f, 2f}, {3f}}, new float[][] {{1f}, {2f}})).getMessage());
        assertEquals("label 0 is -1; classes count from 0", assertThrows(IllegalArgumentException.class,
                () -> Samples.classified(new float[][] {{1f}}, new int[] {-1})).getMessage());
        assertEquals("no samples: x has no rows", assertThrows(IllegalArgumentException.class,
                () -> Samples.of(new float[0][], new float[0][])).getMessage());
    }
}
