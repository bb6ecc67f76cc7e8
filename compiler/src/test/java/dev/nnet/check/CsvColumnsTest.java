package dev.nnet.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnet.Driver;
import dev.nnet.diag.Diagnostic;
import dev.nnet.diag.SourceFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When the CSV file is there at compile time, its column count is checked against the model then. */
class CsvColumnsTest {
    @TempDir
    Path dir;

    private List<Diagnostic> check(String csvPath, Path nnetFile) {
        String text = """
                model Net {
                  input x: [N, 2]
                  fc = linear(2, 1)
                  forward(x) { return fc(x) }
                }
                train Net {
                  data train = csv("%s", label=-1, header=true)
                  batch 2
                  loss mse
                  optimizer sgd(lr=0.1)
                  epochs 1
                }
                """.formatted(csvPath);
        return Driver.compile(new SourceFile(nnetFile.toString(), text)).diagnostics();
    }

    @Test
    void aFileWithAnExtraColumnIsAnErrorAtTheDataSource() throws IOException {
        Path csv = Files.writeString(dir.resolve("wide.csv"), "a,b,c,y\n1,2,3,4\n");
        List<Diagnostic> d = check(csv.toString(), dir.resolve("net.nnet"));
        assertEquals(1, d.size(), d.toString());
        assertEquals("E0213", d.get(0).code());
        assertEquals(7, d.get(0).span().line());
        assertTrue(d.get(0).message().endsWith("\" has 3 feature columns, but model `Net` takes 2"),
                d.get(0).message());
    }

    @Test
    void aRelativePathIsFoundBesideTheNnetFileAsAtRunTime() throws IOException {
        Files.createDirectories(dir.resolve("sub"));
        Files.writeString(dir.resolve("narrow.csv"), "\n\na,y\n1,2\n");
        List<Diagnostic> d = check("narrow.csv", dir.resolve("sub/net.nnet"));
        assertEquals(List.of("E0213"), d.stream().map(Diagnostic::code).toList());
        assertTrue(d.get(0).message().contains("has 1 feature column,"), d.get(0).message());
    }

    @Test
    void aFittingFileOrAMissingOneIsNoError() throws IOException {
        Path csv = Files.writeString(dir.resolve("fits.csv"), "a,b,y\n1,2,3\n");
        assertEquals(List.of(), check(csv.toString(), dir.resolve("net.nnet")));
        assertEquals(List.of(), check("not-there-at-compile-time.csv", dir.resolve("net.nnet")));
    }
}
