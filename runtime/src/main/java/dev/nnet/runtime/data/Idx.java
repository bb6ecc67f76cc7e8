package dev.nnet.runtime.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads the IDX files of MNIST and Fashion-MNIST (unsigned-byte images and labels), raw or gzip-compressed. Gzip
 * is recognised by its magic bytes, not the file name, so a decompressed file that kept its {@code .gz} name still
 * reads. Every mismatch between the header and the data is an error naming the file.
 */
final class Idx {
    static final int IMAGE_MAGIC = 0x00000803;
    static final int LABEL_MAGIC = 0x00000801;
    private static final int UNSIGNED_BYTE = 0x08;
    /** The largest Java byte array. */
    static final long MAX_BYTES = Integer.MAX_VALUE - 8;
    /** A gzip body is read into a buffer that starts at this size and doubles up to what the header claims. */
    private static final int INITIAL_BUFFER = 1 << 20;

    private Idx() {
    }

    /** {@code count} images of {@code rows × cols} bytes, image after image, row after row. */
    record Images(int count, int rows, int cols, byte[] pixels) {
    }

    static Images readImages(Path file) {
        try (InputStream in = open(file)) {
            int[] header = header(file, in, IMAGE_MAGIC, 3, "image");
            int count = header[0];
            int rows = header[1];
            int cols = header[2];
            if (rows <= 0 || cols <= 0) {
                throw new DataException(file + ": images of " + rows + "×" + cols + " pixels; the IDX header is "
                        + "corrupt, download the file again");
            }
            // Three sizes below 2^31 can overflow 64 bits together; rows * cols alone cannot.
            long pixels = (long) rows * cols;
            long bytes = pixels > Long.MAX_VALUE / count ? Long.MAX_VALUE : count * pixels;
            String what = count + " images of " + rows + "×" + cols + " = "
                    + (bytes == Long.MAX_VALUE ? "more than 9.2e18" : Long.toString(bytes)) + " bytes";
            return new Images(count, rows, cols, body(file, in, 16, bytes, what));
        } catch (IOException e) {
            throw failure(file, e);
        }
    }

    static byte[] readLabels(Path file) {
        try (InputStream in = open(file)) {
            int count = header(file, in, LABEL_MAGIC, 1, "label")[0];
            return body(file, in, 8, count, count + " labels = " + count + " bytes");
        } catch (IOException e) {
            throw failure(file, e);
        }
    }

    private static InputStream open(Path file) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        raw.mark(2);
        int b0 = raw.read();
        int b1 = raw.read();
        raw.reset();
        if (b0 == 0x1f && b1 == 0x8b) {
            return new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16);
        }
        return raw;
    }

    /** Reads and checks the magic number and the dimension sizes, which it returns. */
    private static int[] header(Path file, InputStream in, int magic, int dims, String kind) throws IOException {
        byte[] head = in.readNBytes(4);
        if (head.length == 4 && readInt(head, 0) != magic) {
            int found = readInt(head, 0);
            String hint = found == IMAGE_MAGIC ? "it looks like an image file; are the image and label files swapped?"
                    : found == LABEL_MAGIC ? "it looks like a label file; are the image and label files swapped?"
                    : (found >>> 16) != 0 ? "it is not an IDX file at all (compressed with something other than "
                            + "gzip, or an HTML error page saved by a failed download?)"
                    : ((found >>> 8) & 0xff) != UNSIGNED_BYTE ? "its values are not unsigned bytes (type 0x"
                            + Integer.toHexString((found >>> 8) & 0xff) + ")"
                    : "it has " + (found & 0xff) + " dimensions, expected " + dims;
            throw new DataException(String.format("%s: not an IDX %s file (magic 0x%08x, expected 0x%08x): %s",
                    file, kind, found, magic, hint));
        }
        byte[] sizes = in.readNBytes(4 * dims);
        if (head.length + sizes.length < 4 + 4 * dims) {
            throw new DataException(file + ": truncated: " + (head.length + sizes.length) + " bytes, shorter than the "
                    + (4 + 4 * dims) + "-byte header of an IDX " + kind + " file; download the file again");
        }
        int[] out = new int[dims];
        for (int i = 0; i < dims; i++) {
            out[i] = readInt(sizes, 4 * i);
        }
        if (out[0] <= 0) {
            throw new DataException(file + ": header says " + Integer.toUnsignedString(out[0]) + " " + kind
                    + "s; the file is empty or corrupt, download it again");
        }
        return out;
    }

    /**
     * Reads the {@code length} bytes the header announced. Memory follows the data actually there, not the header's
     * claim: a raw file's size is checked before anything is allocated, and a gzip stream (whose size is unknown
     * until read) fills a buffer that grows as data arrives, so a header claiming 2^31 items costs nothing.
     */
    private static byte[] body(Path file, InputStream in, int headerBytes, long length, String what)
            throws IOException {
        if (!gzip(file)) {
            long size = Files.size(file);
            if (size - headerBytes < length) {
                throw new DataException(file + ": truncated: header says " + what + ", found "
                        + Math.max(0, size - headerBytes) + " bytes after the header; download the file again");
            }
        }
        if (length > MAX_BYTES) {
            throw new DataException(file + ": header says " + what + ", more than nnet can hold in memory (2 GiB); "
                    + "the header is corrupt or the file is not MNIST-like");
        }
        byte[] data = new byte[(int) Math.min(length, INITIAL_BUFFER)];
        int found = 0;
        while (found < length) {
            if (found == data.length) {
                data = java.util.Arrays.copyOf(data, (int) Math.min(length, 2L * data.length));
            }
            int n = in.read(data, found, data.length - found);
            if (n < 0) {
                break;
            }
            found += n;
        }
        if (found < length) {
            throw new DataException(file + ": truncated: header says " + what + ", found " + found
                    + "; download the file again");
        }
        long extra = in.transferTo(OutputStream.nullOutputStream());
        if (extra > 0) {
            throw new DataException(file + ": " + extra + " bytes after the data; header says " + what
                    + ". The file is corrupt or not what its header claims; download it again");
        }
        return data;
    }

    private static boolean gzip(Path file) throws IOException {
        try (InputStream raw = Files.newInputStream(file)) {
            return raw.read() == 0x1f && raw.read() == 0x8b;
        }
    }

    private static int readInt(byte[] b, int at) {
        return (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | (b[at + 3] & 0xff);
    }

    private static DataException failure(Path file, IOException e) {
        if (e instanceof NoSuchFileException) {
            return new DataException(file + ": no such file", e);
        }
        if (e instanceof EOFException) {
            return new DataException(file + ": truncated gzip stream (" + e.getMessage()
                    + "); the download is incomplete, download the file again", e);
        }
        if (e instanceof java.util.zip.ZipException) {
            return new DataException(file + ": corrupt gzip data (" + e.getMessage() + "); download the file again",
                    e);
        }
        return new DataException(file + ": cannot read: " + e, e);
    }
}
