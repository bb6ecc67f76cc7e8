package dev.nnet.check;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * Reads the one fact the checker takes from a CSV file: how many columns its first row has. A file that is not
 * there (yet), or cannot be read, gives no fact and no diagnostic: the run reports a missing file.
 */
final class CsvColumns {
    private CsvColumns() {
    }

    /** The folder of the source file named {@code sourceName}, against which data paths are resolved. */
    static Path folderOf(String sourceName) {
        try {
            return Path.of(sourceName).toAbsolutePath().getParent();
        } catch (InvalidPathException e) {
            return null; // an editor's URI, say: no folder to read data from
        }
    }

    static Optional<Integer> count(Path folder, String path) {
        try {
            Path file = folder == null ? Path.of(path) : folder.resolve(path);
            if (!Files.isRegularFile(file)) {
                return Optional.empty();
            }
            try (InputStream raw = Files.newInputStream(file);
                 InputStream in = path.endsWith(".gz") ? new GZIPInputStream(raw) : raw;
                 BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String first = reader.readLine();
                return first == null || first.isBlank() ? Optional.empty()
                        : Optional.of(first.split(",", -1).length);
            }
        } catch (IOException | InvalidPathException | SecurityException e) {
            return Optional.empty();
        }
    }
}
