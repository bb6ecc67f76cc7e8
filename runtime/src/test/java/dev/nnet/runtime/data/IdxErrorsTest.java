package dev.nnet.runtime.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnet.runtime.Batch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Small IDX files written here: raw and gzip read alike; every corruption is an error naming the file. */
class IdxErrorsTest {
    @TempDir
    Path dir;

    private Path labels(int count) throws IOException {
        byte[] body = new byte[count];
        for (int i = 0; i < count; i++) {
            body[i] = (byte) (i % 10);
        }
        Path file = dir.resolve("labels");
        Files.write(file, TestData.idx(Idx.LABEL_MAGIC, new int[] {count}, body));
        return file;
    }

    private DataException readFails(byte[] images, Path labels) throws IOException {
        Path file = dir.resolve("images");
        Files.write(file, images);
        DataException e = assertThrows(DataException.class, () -> Mnist.read(file, labels, List.of()));
        assertTrue(e.getMessage().contains(file.toString()) || e.getMessage().contains(labels.toString()),
                e.getMessage());
        return e;
    }

    @Test
    void rawAndGzipFilesReadTheSameWhateverTheirNames() throws IOException {
        Path raw = Files.createDirectory(dir.resolve("raw"));
        Path gz = Files.createDirectory(dir.resolve("gz"));
        TestData.writeMnist(raw, "t10k", 5, 3, 4, false);
        TestData.writeMnist(gz, "t10k", 5, 3, 4, true);
        // Gzip is recognised by content: a compressed file without .gz, a raw one with it.
        Path misnamedGzip = dir.resolve("images-no-suffix");
        Files.copy(gz.resolve("t10k-images-idx3-ubyte.gz"), misnamedGzip);
        Path misnamedRaw = dir.resolve("images-raw.gz");
        Files.copy(raw.resolve("t10k-images-idx3-ubyte"), misnamedRaw);
        Path rawLabels = raw.resolve("t10k-labels-idx1-ubyte");
        float[][] read = new float[4][];
        Path[] images = {raw.resolve("t10k-images-idx3-ubyte"), gz.resolve("t10k-images-idx3-ubyte.gz"), misnamedGzip,
                misnamedRaw};
        for (int i = 0; i < images.length; i++) {
            Mnist m = Mnist.read(images[i], rawLabels, List.of());
            assertEquals(5, m.size());
            assertEquals(List.of(1, 3, 4), Arrays.stream(m.sampleShape()).boxed().toList());
            Batch b = new Batch(5, 12, 1, true);
            m.fill(new int[] {0, 1, 2, 3, 4}, 0, 5, b);
            read[i] = b.x.clone();
            assertEquals(4, b.yInt[4]);
        }
        byte[] pixels = TestData.pixels(5, 3, 4);
        for (int p = 0; p < pixels.length; p++) {
            assertEquals((pixels[p] & 0xff) / 255f, read[0][p]);
        }
        for (int i = 1; i < read.length; i++) {
            assertTrue(Arrays.equals(read[0], read[i]));
        }
    }

    @Test
    void wrongMagicSaysWhatWasFoundAndExpected() throws IOException {
        DataException e = readFails(TestData.idx(0x00000801, new int[] {2}, new byte[2]), labels(2));
        assertTrue(e.getMessage().contains("not an IDX image file (magic 0x00000801, expected 0x00000803)"),
                e.getMessage());
        assertTrue(e.getMessage().contains("swapped"), e.getMessage());
        e = readFails("<html>404 Not Found</html>".getBytes(), labels(2));
        assertTrue(e.getMessage().contains("not an IDX image file (magic 0x3c68746d, expected 0x00000803)"),
                e.getMessage());
    }

    @Test
    void wrongDimensionCountIsNamed() throws IOException {
        DataException e = readFails(TestData.idx(0x00000802, new int[] {2, 4}, new byte[8]), labels(2));
        assertTrue(e.getMessage().contains("has 2 dimensions, expected 3"), e.getMessage());
    }

    @Test
    void truncatedDataSaysHowMuchWasExpectedAndFound() throws IOException {
        byte[] full = TestData.idx(Idx.IMAGE_MAGIC, new int[] {3, 28, 28}, new byte[3 * 784]);
        DataException e = readFails(Arrays.copyOf(full, 16 + 1234), labels(3));
        assertTrue(e.getMessage().contains("truncated: header says 3 images of 28×28 = 2352 bytes, found 1234"),
                e.getMessage());
        e = readFails(Arrays.copyOf(full, 10), labels(3));
        assertTrue(e.getMessage().contains("truncated: 10 bytes, shorter than the 16-byte header"), e.getMessage());
    }

    @Test
    void truncatedGzipStreamIsAnError() throws IOException {
        byte[] gz = TestData.gzip(TestData.idx(Idx.IMAGE_MAGIC, new int[] {3, 28, 28}, TestData.pixels(3, 28, 28)));
        DataException e = readFails(Arrays.copyOf(gz, gz.length / 2), labels(3));
        assertTrue(e.getMessage().contains("truncated gzip stream"), e.getMessage());
    }

    @Test
    void corruptGzipDataIsAnError() throws IOException {
        byte[] gz = TestData.gzip(TestData.idx(Idx.IMAGE_MAGIC, new int[] {3, 28, 28}, TestData.pixels(3, 28, 28)));
        byte[] badChecksum = gz.clone();
        badChecksum[gz.length - 8] ^= 0x55;
        DataException e = readFails(badChecksum, labels(3));
        assertTrue(e.getMessage().contains("corrupt gzip data (Corrupt GZIP trailer)"), e.getMessage());
        byte[] badMethod = gz.clone();
        badMethod[2] = 7;
        e = readFails(badMethod, labels(3));
        assertTrue(e.getMessage().contains("corrupt gzip data (Unsupported compression method)"), e.getMessage());
    }

    @Test
    void extraBytesAfterTheDataAreAnError() throws IOException {
        DataException e = readFails(TestData.idx(Idx.IMAGE_MAGIC, new int[] {1, 2, 2}, new byte[6]), labels(1));
        assertTrue(e.getMessage().contains("2 bytes after the data; header says 1 images of 2×2 = 4 bytes"),
                e.getMessage());
    }

    @Test
    void imageAndLabelCountsMustAgree() throws IOException {
        DataException e = readFails(TestData.idx(Idx.IMAGE_MAGIC, new int[] {3, 2, 2}, new byte[12]), labels(2));
        assertTrue(e.getMessage().contains("has 3 images but"), e.getMessage());
        assertTrue(e.getMessage().contains("has 2 labels"), e.getMessage());
    }

    @Test
    void labelsMustBeDigits() throws IOException {
        Path labels = dir.resolve("labels");
        Files.write(labels, TestData.idx(Idx.LABEL_MAGIC, new int[] {2}, new byte[] {3, 12}));
        DataException e = readFails(TestData.idx(Idx.IMAGE_MAGIC, new int[] {2, 2, 2}, new byte[8]), labels);
        assertTrue(e.getMessage().contains("label 12 of sample 1 is not a class 0 to 9"), e.getMessage());
    }

    @Test
    void zeroImagesOrEmptyImagesAreErrors() throws IOException {
        DataException e = readFails(TestData.idx(Idx.IMAGE_MAGIC, new int[] {0, 28, 28}, new byte[0]), labels(1));
        assertTrue(e.getMessage().contains("header says 0 images"), e.getMessage());
        e = readFails(TestData.idx(Idx.IMAGE_MAGIC, new int[] {1, 0, 28}, new byte[0]), labels(1));
        assertTrue(e.getMessage().contains("images of 0×28 pixels"), e.getMessage());
    }

    @Test
    void missingFileIsNamed() {
        Path missing = dir.resolve("nope");
        DataException e = assertThrows(DataException.class, () -> Mnist.read(missing, missing, List.of()));
        assertEquals(missing + ": no such file", e.getMessage());
    }

    @Test
    void aRawLabelHeaderClaimingMoreThanTheFileHoldsIsRefusedBeforeAllocating() throws IOException {
        Path file = dir.resolve("labels-raw");
        Files.write(file, TestData.idx(Idx.LABEL_MAGIC, new int[] {Integer.MAX_VALUE}, new byte[10]));
        DataException e = assertThrows(DataException.class, () -> Idx.readLabels(file));
        assertTrue(e.getMessage().contains("header says 2147483647 labels = 2147483647 bytes"), e.getMessage());
        assertTrue(e.getMessage().contains("found 10 bytes after the header"), e.getMessage());
    }

    @Test
    void aGzipLabelHeaderClaimingMoreThanTheStreamHoldsIsTruncationFoundByStreaming() throws IOException {
        Path file = dir.resolve("labels-gz");
        int claimed = Integer.MAX_VALUE - 8;
        Files.write(file, TestData.gzip(TestData.idx(Idx.LABEL_MAGIC, new int[] {claimed}, new byte[10])));
        DataException e = assertThrows(DataException.class, () -> Idx.readLabels(file));
        assertTrue(e.getMessage().contains("truncated: header says " + claimed + " labels"), e.getMessage());
        assertTrue(e.getMessage().contains("found 10"), e.getMessage());
    }

    @Test
    void gzipImageCountsWhoseProductOverflowsAreRefusedBeforeReading() throws IOException {
        Path file = dir.resolve("images-huge");
        Files.write(file, TestData.gzip(TestData.idx(Idx.IMAGE_MAGIC, new int[] {Integer.MAX_VALUE,
                Integer.MAX_VALUE, Integer.MAX_VALUE}, new byte[4])));
        DataException e = assertThrows(DataException.class, () -> Idx.readImages(file));
        assertTrue(e.getMessage().contains("more than 9.2e18 bytes, more than nnet can hold"), e.getMessage());
    }
}
