package dev.nnet.runtime.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** The repository's shipped data, and small IDX files crafted for error cases. */
final class TestData {
    private TestData() {
    }

    static Path repoRoot() {
        String root = System.getProperty("nnet.repoRoot");
        if (root == null) {
            throw new IllegalStateException("run the tests through Maven, which sets nnet.repoRoot");
        }
        return Path.of(root).toAbsolutePath().normalize();
    }

    static Path mnistDir() {
        return repoRoot().resolve("data/mnist");
    }

    /** An IDX file: the magic number, the dimension sizes, then {@code body}. */
    static byte[] idx(int magic, int[] dims, byte[] body) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + body.length);
        b.putInt(magic);
        for (int d : dims) {
            b.putInt(d);
        }
        b.put(body);
        return b.array();
    }

    static byte[] gzip(byte[] data) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
                gz.write(data);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code count} images of {@code rows × cols} whose pixel p of image i is {@code (7 i + p) mod 256}. */
    static byte[] pixels(int count, int rows, int cols) {
        byte[] b = new byte[count * rows * cols];
        for (int i = 0; i < count; i++) {
            for (int p = 0; p < rows * cols; p++) {
                b[i * rows * cols + p] = (byte) (7 * i + p);
            }
        }
        return b;
    }

    /** Writes a small MNIST-like pair (images and labels {@code i mod 10}) and returns the images file. */
    static Path writeMnist(Path dir, String prefix, int count, int rows, int cols, boolean gzip) throws IOException {
        byte[] labels = new byte[count];
        for (int i = 0; i < count; i++) {
            labels[i] = (byte) (i % 10);
        }
        byte[] images = idx(Idx.IMAGE_MAGIC, new int[] {count, rows, cols}, pixels(count, rows, cols));
        byte[] labelFile = idx(Idx.LABEL_MAGIC, new int[] {count}, labels);
        String suffix = gzip ? ".gz" : "";
        Files.write(dir.resolve(prefix + "-labels-idx1-ubyte" + suffix), gzip ? gzip(labelFile) : labelFile);
        Path imagesFile = dir.resolve(prefix + "-images-idx3-ubyte" + suffix);
        Files.write(imagesFile, gzip ? gzip(images) : images);
        return imagesFile;
    }
}
