package dev.nnet.check;

import dev.nnet.runtime.data.DataException;
import dev.nnet.runtime.data.Names;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The classes a {@code names(...)} file holds, sorted, for the checks that need them at compile time: the
 * classifier's width (E0217) and the train block's labels (E0220). Found as {@link CsvColumns} finds a CSV file; a
 * file that is missing or unreadable gives no fact, and the run reports it.
 */
final class NameClasses {
    private NameClasses() {
    }

    static Optional<List<String>> of(Path sourceDir, String path, int vocabulary) {
        Optional<Path> file = CsvColumns.find(path, sourceDir);
        if (file.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Names.read(file.get(), vocabulary, null).classNames());
        } catch (DataException | SecurityException e) {
            return Optional.empty();
        }
    }
}
