package dev.nnet.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnet.runtime.Batch;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CIFAR-10's binary batches, made here in the published format (no CIFAR data ships with nnet): small files read
 * directly, and full-size test batches found by the data source as files, in {@code cifar-10-batches-bin} and
 * inside a {@code cifar-10-binary.tar.gz} written here.
 */
class Cifar10Test {
    @TempDir
    Path dir;

    /** {@code count} records; record r has label {@code labelOf(r)} and pixel p the byte {@code r * 31 + p}. */
    private static byte[] records(int count, java.util.function.IntUnaryOperator labelOf) {
        byte[] b = new byte[count * Cifar10.RECORD];
        for (int r = 0; r < count; r++) {
            b[r * Cifar10.RECORD] = (byte) labelOf.applyAsInt(r);
            for (int p = 0; p < Cifar10.PIXELS; p++) {
                b[r * Cifar10.RECORD + 1 + p] = (byte) (r * 31 + p);
            }
        }
        return b;
    }

    /** A published-size file: 10,000 records, 1,000 of each class. */
    private static byte[] fullBatch() {
        return records(Cifar10.RECORDS_PER_FILE, r -> r % 10);
    }

    private static String error(Runnable read) {
        return assertThrows(DataException.class, read::run).getMessage();
    }

    @Test
    void readsRecordsInOrderAndScalesBytesLikeMnist() {
        Cifar10 data = Cifar10.read(List.of(new Cifar10.BatchFile("a.bin", records(3, r -> 9 - r)),
                new Cifar10.BatchFile("b.bin", records(2, r -> r))), List.of(), false);
        assertEquals(5, data.size());
        assertEquals(10, data.classes());
        assertArrayEquals(new int[] {3, 32, 32}, data.sampleShape());
        assertEquals(List.of(9, 8, 7, 0, 1), List.of(data.label(0), data.label(1), data.label(2), data.label(3),
                data.label(4)));
        Batch batch = new Batch(2, data.featureSize(), 1, true);
        data.fill(new int[] {4, 1}, 0, 2, batch);
        // Record 1 of b.bin: pixel p is (31 + p) & 0xff; the red plane is the first 1024 values, blue the last.
        assertEquals((float) 31 / 255f, batch.x[0]);
        assertEquals((float) ((31 + 1024) & 0xff) / 255f, batch.x[1024]);
        assertEquals((float) ((31 + 3071) & 0xff) / 255f, batch.x[3071]);
        assertEquals((float) ((31 + 5) & 0xff) / 255f, batch.x[3072 + 5]);
        assertEquals(1, batch.yInt[0]);
        assertEquals(8, batch.yInt[1]);
    }

    @Test
    void transformsApplyToTheThreePlanes() {
        Cifar10 data = Cifar10.read(List.of(new Cifar10.BatchFile("a.bin", records(1, r -> 0))),
                List.of(new Transform.Normalize(0.5f, 0.5f), new Transform.Pad(4)), false);
        assertArrayEquals(new int[] {3, 40, 40}, data.sampleShape());
        Batch batch = new Batch(1, data.featureSize(), 1, true);
        data.fill(new int[] {0}, 0, 1, batch);
        assertEquals(0f, batch.x[0]); // padding
        assertEquals(((float) 0 / 255f - 0.5f) / 0.5f, batch.x[4 * 40 + 4]);
        assertEquals(((float) 1024 % 256 / 255f - 0.5f) / 0.5f, batch.x[40 * 40 + 4 * 40 + 4]);
    }

    @Test
    void malformedFilesAreClearErrors() {
        String partial = error(() -> Cifar10.read(List.of(new Cifar10.BatchFile("x.bin", new byte[3073 * 2 + 5])),
                List.of(), false));
        assertTrue(partial.startsWith("x.bin: 6151 bytes is not a whole number of 3073-byte records"), partial);
        byte[] badLabel = records(3, r -> r == 2 ? 10 : 0);
        String label = error(() -> Cifar10.read(List.of(new Cifar10.BatchFile("y.bin", badLabel)), List.of(), false));
        assertTrue(label.startsWith("y.bin: label 10 of record 2 (byte 6146) is not a class 0 to 9"), label);
        String count = error(() -> Cifar10.read(List.of(new Cifar10.BatchFile("z.bin", records(7, r -> 0))),
                List.of(), true));
        assertTrue(count.startsWith("z.bin: 7 records (21511 bytes); every CIFAR-10 batch file has 10000"), count);
        byte[] unbalanced = records(Cifar10.RECORDS_PER_FILE, r -> r % 10 == 3 ? 4 : r % 10);
        String balance = error(() -> Cifar10.read(List.of(new Cifar10.BatchFile("t.bin", unbalanced)), List.of(),
                true));
        assertTrue(balance.startsWith("t.bin: 0 images of class 3; CIFAR-10 has exactly 1000 of each class"),
                balance);
        assertTrue(error(() -> Cifar10.fileNames("validation")).contains("use \"train\" or \"test\""));
    }

    @Test
    void theDataSourceFindsFilesTheirFolderOrTheArchive() throws IOException {
        byte[] batch = fullBatch();
        Path plain = Files.createDirectories(dir.resolve("plain"));
        Files.write(plain.resolve("test_batch.bin"), batch);
        Path unpacked = Files.createDirectories(dir.resolve("unpacked/cifar-10-batches-bin"));
        Files.write(unpacked.resolve("test_batch.bin"), batch);
        Path packed = Files.createDirectories(dir.resolve("packed"));
        Files.write(packed.resolve("cifar-10-binary.tar.gz"), TestData.gzip(tar(
                "cifar-10-batches-bin/batches.meta.txt", "airplane\n".getBytes(StandardCharsets.US_ASCII),
                "cifar-10-batches-bin/test_batch.bin", batch)));
        for (Path root : List.of(plain, dir.resolve("unpacked"), packed)) {
            Dataset data = Datasets.open(new DataSpec.Cifar10("test", root.toString(), List.of()), null, null);
            assertEquals(10_000, data.size(), root.toString());
            assertEquals(7, ((Cifar10) data).label(9_997), root.toString());
        }
        // --data names the folder directly.
        assertEquals(10_000, Datasets.open(new DataSpec.Cifar10("test", null, List.of()), null, packed).size());
    }

    @Test
    void aDamagedArchiveOrMissingFilesSayWhatIsWrong() throws IOException {
        byte[] archive = tar("cifar-10-batches-bin/readme.html", "x".getBytes(StandardCharsets.US_ASCII));
        Path noBatches = Files.createDirectories(dir.resolve("nobatches"));
        Files.write(noBatches.resolve("cifar-10-binary.tar.gz"), TestData.gzip(archive));
        String missing = error(() -> Datasets.open(new DataSpec.Cifar10("test", noBatches.toString(), List.of()),
                null, null));
        assertTrue(missing.endsWith("has no test_batch.bin; it is not CIFAR-10's binary archive, download it again "
                + "with `nnet data fetch cifar10`"), missing);
        archive[100] ^= 1; // the mode field: the header no longer sums to its checksum
        Path damaged = Files.createDirectories(dir.resolve("damaged"));
        Files.write(damaged.resolve("cifar-10-binary.tar.gz"), TestData.gzip(archive));
        String sum = error(() -> Datasets.open(new DataSpec.Cifar10("test", damaged.toString(), List.of()), null,
                null));
        assertTrue(sum.contains("a tar header's checksum is"), sum);
        Path some = Files.createDirectories(dir.resolve("some"));
        Files.write(some.resolve("data_batch_1.bin"), records(1, r -> 0));
        String partial = error(() -> Datasets.open(new DataSpec.Cifar10("train", some.toString(), List.of()), null,
                null));
        assertTrue(partial.contains("data_batch_2.bin is missing"), partial);
        String none = error(() -> Datasets.open(new DataSpec.Cifar10("train", dir.resolve("empty").toString(),
                List.of()), null, null));
        assertTrue(none.startsWith("CIFAR-10 train batches (data_batch_1.bin, data_batch_2.bin, data_batch_3.bin, "
                + "data_batch_4.bin, data_batch_5.bin) not found"), none);
        assertTrue(none.contains("run `nnet data fetch cifar10`"), none);
    }

    /** A ustar archive of (name, contents) pairs, as GNU tar writes one. */
    private static byte[] tar(Object... entries) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < entries.length; i += 2) {
            byte[] data = (byte[]) entries[i + 1];
            byte[] h = new byte[512];
            put(h, 0, (String) entries[i]);
            put(h, 100, "0000644");
            put(h, 108, "0000000");
            put(h, 116, "0000000");
            put(h, 124, String.format("%011o", data.length));
            put(h, 136, "00000000000");
            h[156] = '0';
            put(h, 257, "ustar");
            put(h, 263, "00");
            java.util.Arrays.fill(h, 148, 156, (byte) ' ');
            int sum = 0;
            for (byte b : h) {
                sum += b & 0xff;
            }
            put(h, 148, String.format("%06o", sum));
            h[154] = 0;
            out.write(h);
            out.write(data);
            out.write(new byte[(512 - data.length % 512) % 512]);
        }
        out.write(new byte[1024]);
        return out.toByteArray();
    }

    private static void put(byte[] header, int at, String text) {
        byte[] b = text.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, header, at, b.length);
    }
}
