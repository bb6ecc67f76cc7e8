package dev.nnet.runtime.data;

import java.util.List;

/**
 * CIFAR-10, binary version: {@code [3, 32, 32]} colour images kept as bytes and converted per batch to
 * {@code (float) b / 255f} like MNIST's (torchvision's {@code ToTensor}), then transformed. Each batch file is
 * records of one label byte (0 to 9) and 3072 pixel bytes, the red plane, then green, then blue, each row-major.
 */
public final class Cifar10 extends ByteImages {
    public static final int CLASSES = 10;
    public static final int PIXELS = 3 * 32 * 32;
    public static final int RECORD = 1 + PIXELS;
    /** Every published batch file has this many records: 30,730,000 bytes. */
    public static final int RECORDS_PER_FILE = 10_000;
    public static final List<String> TRAIN_FILES = List.of("data_batch_1.bin", "data_batch_2.bin",
            "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin");
    public static final List<String> TEST_FILES = List.of("test_batch.bin");

    private Cifar10(byte[] pixels, byte[] labels, TransformChain transforms) {
        super(pixels, labels, PIXELS, CLASSES, transforms);
    }

    /** A batch file's contents and where they came from, for messages: a path, or an archive and an entry. */
    public record BatchFile(String where, byte[] bytes) {
    }

    /** The train or test file names of the binary version, in the order their records are numbered. */
    public static List<String> fileNames(String split) {
        return switch (split) {
            case "train" -> TRAIN_FILES;
            case "test" -> TEST_FILES;
            default -> throw new DataException("unknown CIFAR-10 split \"" + split + "\": use \"train\" or \"test\"");
        };
    }

    /**
     * The records of {@code files}, checked: whole records, labels 0 to 9, and, where {@code published} (the files
     * the data source found by their published names), 10,000 records a file and the published class balance (the
     * test file has 1,000 images of each class, the five training files 5,000 of each together).
     */
    public static Cifar10 read(List<BatchFile> files, List<Transform> transforms, boolean published) {
        long total = 0;
        for (BatchFile f : files) {
            long size = f.bytes().length;
            if (size == 0 || size % RECORD != 0) {
                throw new DataException(f.where() + ": " + size + " bytes is not a whole number of " + RECORD
                        + "-byte records (1 label byte + 3072 pixel bytes); it is not a CIFAR-10 binary batch (the "
                        + "python version's files have no .bin; CIFAR-100's records have two label bytes) or it is "
                        + "truncated: download cifar-10-binary.tar.gz again");
            }
            if (published && size != (long) RECORD * RECORDS_PER_FILE) {
                throw new DataException(f.where() + ": " + size / RECORD + " records (" + size + " bytes); every "
                        + "CIFAR-10 batch file has " + RECORDS_PER_FILE + " (" + (long) RECORD * RECORDS_PER_FILE
                        + " bytes): the file is damaged or not CIFAR-10's, download cifar-10-binary.tar.gz again");
            }
            total += size / RECORD;
        }
        if (total * PIXELS > Idx.MAX_BYTES) {
            throw new DataException(files.get(0).where() + " and the rest hold " + total + " images, more than nnet "
                    + "can keep in memory (2 GiB of pixels)");
        }
        int count = (int) total;
        byte[] pixels = new byte[count * PIXELS];
        byte[] labels = new byte[count];
        int[] perClass = new int[CLASSES];
        int at = 0;
        for (BatchFile f : files) {
            byte[] b = f.bytes();
            for (int r = 0; r < b.length / RECORD; r++, at++) {
                int label = b[r * RECORD] & 0xff;
                if (label >= CLASSES) {
                    throw new DataException(f.where() + ": label " + label + " of record " + r + " (byte "
                            + (long) r * RECORD + ") is not a class 0 to 9; the file is corrupt or not a CIFAR-10 "
                            + "binary batch");
                }
                labels[at] = (byte) label;
                perClass[label]++;
                System.arraycopy(b, r * RECORD + 1, pixels, at * PIXELS, PIXELS);
            }
        }
        if (published) {
            int each = count / CLASSES;
            for (int c = 0; c < CLASSES; c++) {
                if (perClass[c] != each) {
                    throw new DataException(files.get(0).where() + (files.size() > 1 ? " and the other "
                            + (files.size() - 1) + " files" : "") + ": " + perClass[c] + " images of class " + c
                            + "; CIFAR-10 has exactly " + each + " of each class in these files, so they are damaged "
                            + "or not CIFAR-10's: download cifar-10-binary.tar.gz again");
                }
            }
        }
        return new Cifar10(pixels, labels, new TransformChain(files.get(0).where(), new int[] {3, 32, 32},
                transforms));
    }
}
