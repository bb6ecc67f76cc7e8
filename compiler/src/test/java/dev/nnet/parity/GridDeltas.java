package dev.nnet.parity;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads the final weights of a parity fixture ({@code tools/parity/grid_deltas.py}): a gzip stream of zigzag
 * LEB128 varints, one integer {@code k} per element of every tensor in order, meaning the weight
 * {@code (double) init + (double) k * grid}. The fixture script proved that this is within {@code grid / 2} of
 * PyTorch's float32 weight, for every element.
 */
final class GridDeltas {
    private GridDeltas() {
    }

    /** The reconstructed final weights, one array per tensor, in double precision. */
    static double[][] read(Path file, float[][] init, double grid) {
        byte[] bytes;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file), 1 << 16)) {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        double[][] out = new double[init.length][];
        int pos = 0;
        for (int t = 0; t < init.length; t++) {
            out[t] = new double[init[t].length];
            for (int i = 0; i < init[t].length; i++) {
                long u = 0;
                int shift = 0;
                int b;
                do {
                    if (pos == bytes.length || shift > 63) {
                        throw new IllegalStateException(file + ": truncated or corrupt at tensor " + t + " element "
                                + i + "; regenerate it with tools/parity/make_fixtures.py");
                    }
                    b = bytes[pos++] & 0xff;
                    u |= (long) (b & 0x7f) << shift;
                    shift += 7;
                } while (b >= 0x80);
                long k = (u >>> 1) ^ -(u & 1);
                out[t][i] = (double) init[t][i] + (double) k * grid;
            }
        }
        if (pos != bytes.length) {
            throw new IllegalStateException(file + ": " + (bytes.length - pos) + " bytes left after the last tensor; "
                    + "it does not match meta.json's tensors");
        }
        return out;
    }
}
