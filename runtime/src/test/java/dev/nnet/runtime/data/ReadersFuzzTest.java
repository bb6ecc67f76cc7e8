package dev.nnet.runtime.data;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Coverage-guided fuzzing of the data readers with Jazzer: any bytes as an IDX image file, an IDX label file or a
 * CSV file are read or refused with a {@link DataException} (a clear message), never another exception. The
 * committed seed corpora under {@code ReadersFuzzTestInputs/} run with {@code mvn test}; {@code JAZZER_FUZZ=1}
 * runs a campaign (see {@code tools/fuzz/README.md}).
 */
class ReadersFuzzTest {
    @FuzzTest(maxDuration = "60s")
    void idxImages(byte[] input) throws IOException {
        read(input, ".idx3-ubyte", f -> Idx.readImages(f));
    }

    @FuzzTest(maxDuration = "60s")
    void idxLabels(byte[] input) throws IOException {
        read(input, ".idx1-ubyte", f -> Idx.readLabels(f));
    }

    @FuzzTest(maxDuration = "60s")
    void csv(byte[] input) throws IOException {
        read(input, ".csv", f -> Csv.read(f, -1, true, false, List.of(), 0));
        read(input, ".csv", f -> Csv.read(f, 0, false, true, List.of(), 3));
    }

    @FunctionalInterface
    interface Reader {
        void read(Path file);
    }

    /** Writes the input to a file and reads it; only a {@link DataException} may come out. */
    static void read(byte[] input, String suffix, Reader reader) throws IOException {
        Path file = Files.createTempFile("fuzz", suffix);
        try {
            Files.write(file, input);
            reader.read(file);
        } catch (DataException refused) {
            // a clear message about the file: what the reader must do with bad input
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
