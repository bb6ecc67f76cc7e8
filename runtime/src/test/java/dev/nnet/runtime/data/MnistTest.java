package dev.nnet.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnet.runtime.Batch;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The shipped MNIST files, checked against values decoded here straight from the gzip streams. */
class MnistTest {
    /** Digit counts of the MNIST test set, as published. */
    private static final int[] TEST_COUNTS = {980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009};
    /** Digit counts of the MNIST training set, as published. */
    private static final int[] TRAIN_COUNTS = {5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949};

    private static Mnist test;
    private static byte[] rawImages;
    private static byte[] rawLabels;

    @BeforeAll
    static void readTestSet() throws IOException {
        Path dir = TestData.mnistDir();
        test = Mnist.read(dir.resolve("t10k-images-idx3-ubyte.gz"), dir.resolve("t10k-labels-idx1-ubyte.gz"),
                List.of());
        rawImages = gunzipBody(dir.resolve("t10k-images-idx3-ubyte.gz"), 16);
        rawLabels = gunzipBody(dir.resolve("t10k-labels-idx1-ubyte.gz"), 8);
    }

    private static byte[] gunzipBody(Path file, int header) throws IOException {
        try (InputStream in = new DataInputStream(new GZIPInputStream(Files.newInputStream(file)))) {
            in.readNBytes(header);
            return in.readAllBytes();
        }
    }

    @Test
    void testSetHasTenThousandDigitsWithThePublishedCounts() {
        assertEquals(10_000, test.size());
        assertArrayEquals(new int[] {1, 28, 28}, test.sampleShape());
        assertEquals(784, test.featureSize());
        assertTrue(test.classTargets());
        assertEquals(10, test.classes());
        int[] counts = new int[10];
        for (int i = 0; i < test.size(); i++) {
            counts[test.label(i)]++;
            assertEquals(rawLabels[i], test.label(i));
        }
        assertArrayEquals(TEST_COUNTS, counts);
        int[] firstLabels = {7, 2, 1, 0, 4, 1, 4, 9, 5, 9};
        for (int i = 0; i < firstLabels.length; i++) {
            assertEquals(firstLabels[i], test.label(i));
        }
    }

    @Test
    void everyPixelIsTheByteOver255InFloat() {
        int[] order = new int[test.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Batch batch = new Batch(1000, 784, 1, true);
        long sum = 0;
        for (int from = 0; from < order.length; from += 1000) {
            test.fill(order, from, 1000, batch);
            assertEquals(1000, batch.n);
            for (int k = 0; k < 1000; k++) {
                for (int p = 0; p < 784; p++) {
                    int b = rawImages[(from + k) * 784 + p] & 0xff;
                    assertEquals(Float.floatToIntBits(b / 255f), Float.floatToIntBits(batch.x[k * 784 + p]));
                    sum += Math.round(batch.x[k * 784 + p] * 255);
                }
                assertEquals(rawLabels[from + k], batch.yInt[k]);
            }
        }
        long rawSum = 0;
        for (byte b : rawImages) {
            rawSum += b & 0xff;
        }
        assertEquals(rawSum, sum);
    }

    @Test
    void firstTestImageIsASevenWithTheRawPixelSum() {
        Batch batch = new Batch(1, 784, 1, true);
        test.fill(new int[] {0}, 0, 1, batch);
        long rawSum = 0;
        for (int p = 0; p < 784; p++) {
            rawSum += rawImages[p] & 0xff;
        }
        double sum = 0;
        for (int p = 0; p < 784; p++) {
            sum += batch.x[p];
        }
        assertEquals(7, batch.yInt[0]);
        assertEquals(rawSum / 255.0, sum, 1e-3);
    }

    @Test
    void normalizeMatchesTorchvisionFloatArithmetic() {
        Dir dir = new Dir(TestData.mnistDir());
        Mnist normalized = Mnist.read(dir.images, dir.labels, List.of(new Transform.Normalize(0.1307f, 0.3081f)));
        Batch batch = new Batch(4, 784, 1, true);
        normalized.fill(new int[] {3, 1, 4, 1}, 0, 4, batch);
        int[] samples = {3, 1, 4, 1};
        for (int k = 0; k < 4; k++) {
            for (int p = 0; p < 784; p++) {
                float pixel = (rawImages[samples[k] * 784 + p] & 0xff) / 255f;
                float expected = (pixel - 0.1307f) / 0.3081f;
                assertEquals(Float.floatToIntBits(expected), Float.floatToIntBits(batch.x[k * 784 + p]));
                assertEquals((pixel - 0.1307) / 0.3081, batch.x[k * 784 + p], 1e-6);
            }
        }
    }

    @Test
    void trainingSetHasSixtyThousandDigitsWithThePublishedCounts() {
        Dir dir = new Dir(TestData.mnistDir(), "train");
        Mnist train = Mnist.read(dir.images, dir.labels, List.of());
        assertEquals(60_000, train.size());
        int[] counts = new int[10];
        for (int i = 0; i < train.size(); i++) {
            counts[train.label(i)]++;
        }
        assertArrayEquals(TRAIN_COUNTS, counts);
        int[] firstLabels = {5, 0, 4, 1, 9, 2, 1, 3, 1, 4};
        for (int i = 0; i < firstLabels.length; i++) {
            assertEquals(firstLabels[i], train.label(i));
        }
    }

    private record Dir(Path images, Path labels) {
        Dir(Path dir) {
            this(dir, "test");
        }

        Dir(Path dir, String split) {
            this(dir.resolve(Mnist.fileName(split, true) + ".gz"), dir.resolve(Mnist.fileName(split, false) + ".gz"));
        }
    }
}
