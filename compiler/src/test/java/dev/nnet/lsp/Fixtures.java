package dev.nnet.lsp;

import dev.nnet.Driver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Builds analyses in-process, for tests of one editor feature without the protocol around it. */
final class Fixtures {
    private Fixtures() {
    }

    static final String URI = "file:///test/fixture.nnet";

    static Analysis analyze(String text) {
        Document doc = new Document(URI, 1, 1, text);
        return new Analysis(doc, Driver.compile(doc.source()));
    }

    /** The offset of the {@code |} in {@code marked}, which is removed from the text. */
    record Cursor(Analysis analysis, int offset) {
    }

    static Cursor at(String marked) {
        int offset = marked.indexOf('|');
        if (offset < 0 || marked.indexOf('|', offset + 1) >= 0) {
            throw new IllegalArgumentException("mark the cursor with exactly one `|`: " + marked);
        }
        return new Cursor(analyze(marked.substring(0, offset) + marked.substring(offset + 1)), offset);
    }

    /** The offset just before {@code needle}'s {@code |} in a sample, so tests can point into committed files. */
    static Cursor in(String sample, String needle) {
        String text = sample(sample);
        String plain = needle.replace("|", "");
        int at = text.indexOf(plain);
        if (at < 0) {
            throw new IllegalArgumentException(needle + " is not in " + sample);
        }
        return new Cursor(analyze(text), at + needle.indexOf('|'));
    }

    static String sample(String name) {
        Path root = Path.of(System.getProperty("nnet.repoRoot", ".."));
        try {
            return Files.readString(root.resolve("samples").resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
