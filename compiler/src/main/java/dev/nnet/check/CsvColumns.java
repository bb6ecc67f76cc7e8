package dev.nnet.check;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * Reads the one fact the checker takes from a CSV file: how many columns its first row has. The file is looked up
 * as the runtime does without {@code --data} (the working directory, then the {@code .nnet} file's folder and the
 * folders above it). A file that is not there (yet), or cannot be read, gives no fact and no diagnostic: the run
 * reports a missing file, and {@code --data} may supply it then.
 */
final class CsvColumns {
    /** A first row longer than this is not read; the runtime reports it if it is wrong. */
    private static final int MAX_LINE = 1 << 20;

    private CsvColumns() {
    }

    static Optional<Integer> count(Path sourceDir, String path) {
        Optional<Path> file = find(path, sourceDir);
        if (file.isEmpty()) {
            return Optional.empty();
        }
        try (InputStream raw = Files.newInputStream(file.get());
             InputStream in = path.endsWith(".gz") ? new GZIPInputStream(raw) : raw;
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.length() > MAX_LINE) {
                    return Optional.empty();
                }
                if (!line.isBlank()) {
                    return Optional.of(line.split(",", -1).length);
                }
            }
            return Optional.empty();
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }

    /**
     * The longest first column of a {@code name,class} file (the names data set): the length its names are padded
     * to. Empty when the file is not there or cannot be read.
     */
    static Optional<Integer> longestName(Path sourceDir, String path) {
        Optional<Path> file = find(path, sourceDir);
        if (file.isEmpty()) {
            return Optional.empty();
        }
        try (InputStream raw = Files.newInputStream(file.get());
             InputStream in = path.endsWith(".gz") ? new GZIPInputStream(raw) : raw;
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            int longest = 0;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.length() > MAX_LINE) {
                    return Optional.empty();
                }
                int comma = line.indexOf(',');
                longest = Math.max(longest, comma < 0 ? 0 : line.startsWith("\uFEFF") ? comma - 1 : comma);
            }
            return longest == 0 ? Optional.empty() : Optional.of(longest);
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }

    static Optional<Path> find(String path, Path sourceDir) {
        try {
            Path p = Path.of(path);
            List<Path> candidates = new ArrayList<>();
            if (p.isAbsolute()) {
                candidates.add(p);
            } else {
                candidates.add(Path.of("").toAbsolutePath().resolve(p));
                for (Path dir = sourceDir; dir != null; dir = dir.getParent()) {
                    candidates.add(dir.resolve(p));
                }
            }
            return candidates.stream().filter(Files::isRegularFile).findFirst();
        } catch (InvalidPathException | SecurityException e) {
            return Optional.empty();
        }
    }
}
