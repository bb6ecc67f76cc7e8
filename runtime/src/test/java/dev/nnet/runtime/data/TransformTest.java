package dev.nnet.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnet.runtime.Batch;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Transforms against a naive reference: each output value computed from its coordinates. */
class TransformTest {
    @TempDir
    Path dir;

    /** Value at (c, r, col) of a [C, H, W] image padded by p, with {@code border} outside the image. */
    private static float padded(float[] image, int h, int w, int p, int c, int r, int col, float border) {
        int ir = r - p;
        int ic = col - p;
        return ir < 0 || ir >= h || ic < 0 || ic >= w ? border : image[(c * h + ir) * w + ic];
    }

    private static float[] fillOne(Dataset d, int sample) {
        Batch b = new Batch(1, d.featureSize(), d.targetSize(), d.classTargets());
        d.fill(new int[] {sample}, 0, 1, b);
        return b.x;
    }

    @Test
    void padAddsZerosAroundEveryChannel() {
        float[] x = new float[2 * 2 * 2 * 3];
        for (int i = 0; i < x.length; i++) {
            x[i] = i + 1;
        }
        ArrayDataset d = new ArrayDataset("t", 2, new int[] {2, 2, 3}, x, new float[] {0, 1}, 1, null,
                List.of(new Transform.Pad(1)));
        assertArrayEquals(new int[] {2, 4, 5}, d.sampleShape());
        assertEquals(40, d.featureSize());
        float[] image = new float[12];
        System.arraycopy(x, 12, image, 0, 12);
        float[] out = fillOne(d, 1);
        for (int c = 0; c < 2; c++) {
            for (int r = 0; r < 4; r++) {
                for (int col = 0; col < 5; col++) {
                    assertEquals(padded(image, 2, 3, 1, c, r, col, 0f), out[(c * 4 + r) * 5 + col]);
                }
            }
        }
    }

    @Test
    void mnistPadThenNormalizeNormalizesTheBorderToo() throws IOException {
        Path images = TestData.writeMnist(dir, "train", 3, 3, 4, true);
        Path labels = dir.resolve("train-labels-idx1-ubyte.gz");
        float mean = 0.1307f;
        float std = 0.3081f;
        Mnist padFirst = Mnist.read(images, labels, List.of(new Transform.Pad(2), new Transform.Normalize(mean, std)));
        Mnist normalizeFirst = Mnist.read(images, labels,
                List.of(new Transform.Normalize(mean, std), new Transform.Pad(2)));
        assertArrayEquals(new int[] {1, 7, 8}, padFirst.sampleShape());
        assertArrayEquals(new int[] {1, 7, 8}, normalizeFirst.sampleShape());
        byte[] pixels = TestData.pixels(3, 3, 4);
        float[] image = new float[12];
        for (int p = 0; p < 12; p++) {
            image[p] = (pixels[24 + p] & 0xff) / 255f;
        }
        float[] a = fillOne(padFirst, 2);
        float[] b = fillOne(normalizeFirst, 2);
        for (int r = 0; r < 7; r++) {
            for (int col = 0; col < 8; col++) {
                float v = padded(image, 3, 4, 2, 0, r, col, 0f);
                assertEquals((v - mean) / std, a[r * 8 + col]);
                boolean border = r < 2 || r >= 5 || col < 2 || col >= 6;
                assertEquals(border ? 0f : (v - mean) / std, b[r * 8 + col]);
            }
        }
    }

    @Test
    void transformsApplyInOrder() {
        float[] x = {1, 2, 3, 4};
        ArrayDataset d = new ArrayDataset("t", 1, new int[] {4}, x, new float[] {0}, 1, null,
                List.of(new Transform.Scale(2f), new Transform.Normalize(1f, 4f), new Transform.Scale(-1f)));
        float[] out = fillOne(d, 0);
        for (int i = 0; i < 4; i++) {
            assertEquals(-((x[i] * 2f - 1f) / 4f), out[i]);
        }
        assertEquals(1f, x[0], "the stored sample stays untransformed");
    }

    @Test
    void padTwiceAddsUp() {
        ArrayDataset d = new ArrayDataset("t", 1, new int[] {1, 1}, new float[] {5}, new float[] {0}, 1, null,
                List.of(new Transform.Pad(1), new Transform.Scale(2f), new Transform.Pad(1)));
        assertArrayEquals(new int[] {5, 5}, d.sampleShape());
        float[] out = fillOne(d, 0);
        for (int i = 0; i < 25; i++) {
            assertEquals(i == 12 ? 10f : 0f, out[i]);
        }
    }

    @Test
    void badTransformsAreRejectedWhenTheDataOpens() {
        DataException e = assertThrows(DataException.class, () -> new ArrayDataset("d.csv", 1, new int[] {8},
                new float[8], new float[1], 1, null, List.of(new Transform.Pad(2))));
        assertTrue(e.getMessage().contains("d.csv: pad(2) pads images ([C, H, W] or [H, W]), but samples here have "
                + "shape [8]"), e.getMessage());
        e = assertThrows(DataException.class, () -> new ArrayDataset("d.csv", 1, new int[] {8}, new float[8],
                new float[1], 1, null, List.of(new Transform.Normalize(0.5f, 0f))));
        assertTrue(e.getMessage().contains("normalize(0.5, 0.0) needs a finite mean and a finite, non-zero std"),
                e.getMessage());
        e = assertThrows(DataException.class, () -> new ArrayDataset("img", 1, new int[] {1, 2, 2}, new float[4],
                new float[1], 1, null, List.of(new Transform.Pad(-1))));
        assertTrue(e.getMessage().contains("pad(-1) needs a padding of 0 or more"), e.getMessage());
    }
}
