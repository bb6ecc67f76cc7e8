package dev.nnet.maven;

import dev.nnet.Driver;
import java.nio.file.Path;
import java.util.List;

/** The {@code check} goal's work: the checker's diagnostics for a file, exactly as {@code nnetc check} finds them. */
final class SourceCheck {
    private SourceCheck() {
    }

    static List<Problem> run(Path file) {
        return Driver.compile(Sources.read(file)).diagnostics().stream().map(d -> Problem.of(file, d)).toList();
    }
}
