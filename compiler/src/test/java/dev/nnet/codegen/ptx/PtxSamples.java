package dev.nnet.codegen.ptx;

import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.nnet.Compilation;
import dev.nnet.Driver;
import dev.nnet.diag.SourceFile;
import dev.nnet.lower.LoweredProgram;
import dev.nnet.lower.Pipeline;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The feed-forward samples (basics and mnist), compiled and lowered, for the PTX tests. */
final class PtxSamples {
    static final Path ROOT = Path.of(System.getProperty("nnet.repoRoot", ".."));

    private PtxSamples() {
    }

    static List<Path> feedForward() {
        try (Stream<Path> files = Stream.concat(Files.list(ROOT.resolve("samples/basics")),
                Files.list(ROOT.resolve("samples/mnist")))) {
            return files.filter(f -> f.toString().endsWith(".nnet")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static LoweredProgram lower(Path sample) {
        try {
            return lower(ROOT.relativize(sample).toString(), Files.readString(sample));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static LoweredProgram lower(String path, String text) {
        Compilation c = Driver.compile(new SourceFile(path, text));
        assertFalse(c.hasErrors(), path + ": " + c.diagnostics());
        return Pipeline.lower(c);
    }

    static String stem(Path sample) {
        return sample.getFileName().toString().replace(".nnet", "");
    }
}
