package dev.nnet.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnet.runtime.Batch;
import org.junit.jupiter.api.Test;

class InlineTensorsTest {
    private static String error(DataSpec.Tensors spec) {
        return assertThrows(DataException.class, () -> InlineTensors.of(spec)).getMessage();
    }

    @Test
    void linearRegressionData() {
        ArrayDataset d = InlineTensors.of(new DataSpec.Tensors(new float[] {1, 2, 3}, new int[] {3, 1},
                new float[] {2, 4, 6}, new int[] {3, 1}, false));
        assertEquals(3, d.size());
        assertArrayEquals(new int[] {1}, d.sampleShape());
        assertFalse(d.classTargets());
        assertEquals(1, d.targetSize());
        Batch b = new Batch(3, 1, 1, false);
        d.fill(new int[] {2, 0, 1}, 0, 3, b);
        assertArrayEquals(new float[] {3, 1, 2}, b.x);
        assertArrayEquals(new float[] {6, 2, 4}, b.yFloat);
    }

    @Test
    void multiValueTargetsAndClassTargets() {
        ArrayDataset pairs = InlineTensors.of(new DataSpec.Tensors(new float[] {0.1f, 0.2f}, new int[] {1, 2},
                new float[] {0.85f, 0.30f}, new int[] {1, 2}, false));
        assertEquals(2, pairs.targetSize());
        assertEquals(0.30f, pairs.yFloat(0, 1));
        ArrayDataset classes = InlineTensors.of(new DataSpec.Tensors(new float[20], new int[] {5, 1, 4},
                new float[] {3, 1, 2, 3, 2}, new int[] {5}, true));
        assertTrue(classes.classTargets());
        assertEquals(4, classes.classes());
        assertArrayEquals(new int[] {1, 4}, classes.sampleShape());
        assertEquals(3, classes.yInt(3));
    }

    /** hello-embedding: one sequence of 5 ids with a class per step; a batch carries each sample's 5 targets. */
    @Test
    void classTargetsPerStep() {
        ArrayDataset steps = InlineTensors.of(new DataSpec.Tensors(new float[] {1, 0, 2, 2, 3, 3, 2, 1, 0, 0},
                new int[] {2, 5}, new float[] {3, 1, 2, 3, 2, 0, 1, 2, 3, 0}, new int[] {10}, true));
        assertEquals(5, steps.targetSize());
        Batch b = new Batch(2, steps.featureSize(), steps.targetSize(), true);
        steps.fill(new int[] {1, 0}, 0, 2, b);
        assertArrayEquals(new int[] {0, 1, 2, 3, 0, 3, 1, 2, 3, 2}, b.yInt);
        assertTrue(error(new DataSpec.Tensors(new float[10], new int[] {2, 5}, new float[] {1, 2, 3},
                new int[] {3}, true)).contains("x has 2 samples"));
    }

    @Test
    void sizesMustAgree() {
        assertTrue(error(new DataSpec.Tensors(new float[] {1, 2}, new int[] {3, 1}, new float[] {1, 2, 3},
                new int[] {3, 1}, false)).contains("x has 2 values but its shape [3, 1] needs 3"));
        assertTrue(error(new DataSpec.Tensors(new float[] {1, 2, 3}, new int[] {3, 1}, new float[] {1, 2},
                new int[] {2, 1}, false)).contains("x has 3 samples (its first dimension, shape [3, 1]) but target "
                + "has 2 (shape [2, 1]); give one target per sample"));
        assertTrue(error(new DataSpec.Tensors(new float[] {1}, new int[] {}, new float[] {1}, new int[] {1},
                false)).contains("x is a scalar"));
        assertTrue(error(new DataSpec.Tensors(new float[] {1, 2}, new int[] {2}, new float[] {1, 2},
                new int[] {1, 2}, true)).contains("x has 2 samples"));
    }

    @Test
    void classTargetsMustBeIndices() {
        assertTrue(error(new DataSpec.Tensors(new float[] {1, 2}, new int[] {2, 1}, new float[] {0, 1.5f},
                new int[] {2}, true)).contains("target 1 is 1.5, not a class index"));
        assertTrue(error(new DataSpec.Tensors(new float[] {1, 2}, new int[] {2, 1}, new float[] {0, 1},
                new int[] {2, 1}, true)).contains("class targets are one index per sample, shape [2], but target "
                + "has shape [2, 1]"));
    }
}
