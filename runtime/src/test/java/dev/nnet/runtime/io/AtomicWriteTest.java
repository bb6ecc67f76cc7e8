package dev.nnet.runtime.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnet.runtime.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A failed write leaves the previous file as it was and no temporary file behind. */
class AtomicWriteTest {
    @TempDir
    Path dir;

    private List<Path> listing() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }

    /** Tensors that fail while their data is being written, after the header went out. */
    private static List<Tensor> failingAfter(int reads) {
        return new AbstractList<>() {
            private int served;

            @Override
            public Tensor get(int index) {
                if (++served > reads) {
                    throw new IllegalStateException("simulated failure while writing");
                }
                return new Tensor("t" + index, new int[] {1000}, new float[1000]);
            }

            @Override
            public int size() {
                return 3;
            }
        };
    }

    @Test
    void aWriteThatFailsMidwayLeavesThePreviousFileIntact() throws IOException {
        Path file = dir.resolve("model.safetensors");
        Safetensors.write(file, List.of(new Tensor("w", new int[] {2}, new float[] {1, 2})), Map.of("epoch", "1"));
        byte[] before = Files.readAllBytes(file);
        // The header reads the three tensors once; the data loop fails on its second tensor.
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Safetensors.write(file, failingAfter(4), Map.of("epoch", "2")));
        assertEquals("simulated failure while writing", e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file));
        assertEquals(List.of(file), listing(), "no temporary file is left behind");
    }

    @Test
    void aRenameThatFailsLeavesNoTemporaryFile() throws IOException {
        Path target = Files.createDirectory(dir.resolve("occupied.safetensors"));
        Files.writeString(target.resolve("keep"), "x");
        CheckpointException e = assertThrows(CheckpointException.class,
                () -> Safetensors.write(target, List.of(new Tensor("w", 2)), Map.of()));
        assertTrue(e.getMessage().startsWith(target + ": cannot write: "), e.getMessage());
        assertTrue(e.getMessage().endsWith("; the previous file, if any, is left as it was"), e.getMessage());
        assertEquals(List.of(target), listing());
        assertEquals("x", Files.readString(target.resolve("keep")));
    }

    @Test
    void replacesAnExistingFileAndCreatesMissingFolders() throws IOException {
        Path file = dir.resolve("runs/a/model.safetensors");
        Safetensors.write(file, List.of(new Tensor("w", new int[] {1}, new float[] {1})), Map.of());
        Safetensors.write(file, List.of(new Tensor("w", new int[] {1}, new float[] {2})), Map.of());
        assertArrayEquals(new float[] {2}, Safetensors.read(file).floats("w"));
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertEquals(List.of(file), files.toList());
        }
    }
}
