package dev.nnet.check;

import dev.nnet.diag.Code;
import dev.nnet.diag.Span;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The compile-time half of the CSV column check: when the file named by {@code csv("...")} is there, its first row
 * must have the model's features plus the label, so the mistake is an error in the editor rather than a failed
 * run. The file is looked up as the runtime does without {@code --data} (the working directory, then the
 * {@code .nnet} file's folder and the folders above it), and only its first line is read. A file that is not there
 * is not an error here: {@code --data} may supply it when the model runs.
 */
final class CsvColumns {
    /** A first row longer than this is not read; the runtime reports it if it is wrong. */
    private static final int MAX_LINE = 1 << 20;

    private CsvColumns() {
    }

    static void check(CheckContext cx, Span at, String path, long features, String model) {
        Optional<Integer> columns = find(path, cx.sourceDir).flatMap(CsvColumns::firstRowColumns);
        if (columns.isEmpty() || columns.get() == features + 1) {
            return;
        }
        int found = columns.get();
        cx.diags.report(Code.E0213, at, "`" + path + "` has " + found + " column" + (found == 1 ? "" : "s")
                + " in its first row, but model `" + model + "` takes " + features + " feature"
                + (features == 1 ? "" : "s") + " and the label: " + (features + 1) + " columns",
                r -> r.spanLabel(found + " columns")
                        .help(found > features + 1 ? "drop the extra columns, or widen the model's input"
                                : "add the missing columns, or narrow the model's input"));
    }

    private static Optional<Path> find(String path, Path sourceDir) {
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

    /** Cells in the first non-blank line, split as the runtime splits them; empty when unreadable. */
    private static Optional<Integer> firstRowColumns(Path file) {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = in.read()) >= 0 && line.length() < MAX_LINE) {
                if (c == '\n') {
                    if (!line.toString().isBlank()) {
                        break;
                    }
                    line.setLength(0);
                } else {
                    line.append((char) c);
                }
            }
            if (line.length() >= MAX_LINE || line.toString().isBlank()) {
                return Optional.empty();
            }
            String text = line.toString().strip();
            int cells = 1;
            for (int i = 0; i < text.length(); i++) {
                cells += text.charAt(i) == ',' ? 1 : 0;
            }
            return Optional.of(cells);
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // unreadable or not UTF-8: the runtime says why when it opens the file
        }
    }
}
