package dev.nnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnet.cli.NnetCommandTest.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Data that lies about itself stops {@code nnet train} before the first step, saying where. */
class DataValidationCommandTest {
    static final String MODEL = """
            model Net {
              input x: [N, 2]
              fc = linear(2, 1)
              forward(x) { return fc(x) }
            }
            train Net {
              data train = csv("d.csv", label=-1, header=true)
              batch 2
              loss bce_with_logits
              optimizer sgd(lr=0.1)
              epochs 1
            }
            """;

    @TempDir
    Path dir;

    /**
     * Trains with the CSV in a --data folder, where the checker (which does not know --data) cannot see it: what
     * is tested is the check when the data is opened.
     */
    private Run train(String csv) throws IOException {
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.writeString(data.resolve("d.csv"), csv);
        Path nnet = Files.writeString(dir.resolve("net.nnet"), MODEL);
        return NnetCommandTest.nnet("train", nnet.toString(), "--data", data.toString(), "--device", "cpu");
    }

    @Test
    void aCsvBesideTheFileIsCheckedAtCompileTimeAlready() throws IOException {
        Files.writeString(dir.resolve("d.csv"), "a,b,c,y\n1,2,3,0\n");
        Path nnet = Files.writeString(dir.resolve("net.nnet"), MODEL);
        Run r = NnetCommandTest.nnet("train", nnet.toString());
        assertEquals(Nnetc.ERRORS, r.status(), r.err());
        assertTrue(r.err().startsWith("error[E0213]: \"d.csv\" has 3 feature columns, but model `Net` takes 2\n"),
                r.err());
    }

    @Test
    void aRowWithAnExtraFeatureColumnIsAnErrorAtThatColumn() throws IOException {
        Run r = train("a,b,c,y\n1,2,3,0\n4,5,6,1\n");
        assertEquals(Nnetc.ERRORS, r.status(), r.err());
        assertTrue(r.err().startsWith("nnet: error: " + dir.resolve("data/d.csv") + ":1:4: the header has 4 columns, "
                + "but the model takes 3 columns (2 features and the label)"), r.err());
    }

    @Test
    void aRowMissingAFeatureColumnIsAnErrorNotAnInternalOne() throws IOException {
        Run r = train("a,y\n1,0\n4,1\n");
        assertEquals(Nnetc.ERRORS, r.status(), r.err());
        assertTrue(r.err().contains("d.csv:1:3: the header has 2 columns, but the model takes 3 columns"), r.err());
    }

    @Test
    void aBinaryTargetOutsideZeroToOneIsAnErrorNamingTheSample() throws IOException {
        Run r = train("a,b,y\n1,2,0\n4,5,2\n");
        assertEquals(Nnetc.ERRORS, r.status(), r.err());
        assertEquals("nnet: error: data `train`: target 2.0 of sample 2 is outside [0, 1], where bce_with_logits is "
                + "defined; binary targets are 0 or 1 (or a probability)\n", r.err());
    }

    @Test
    void aSoftLabelTrainsWithOneWarning() throws IOException {
        Run r = train("a,b,y\n1,2,0\n4,5,0.5\n7,8,0.25\n");
        assertEquals(0, r.status(), r.err());
        assertEquals("nnet: warning: data `train`: target 0.5 of sample 2 is a soft label (between 0 and 1); "
                + "bce_with_logits accepts it, but check the label column if you meant classes\n", r.err());
    }

    @Test
    void aFolderWhereTheDataFileShouldBeIsSaidSo() throws IOException {
        Files.createDirectory(dir.resolve("d.csv"));
        Path nnet = Files.writeString(dir.resolve("net.nnet"), MODEL);
        Run r = NnetCommandTest.nnet("train", nnet.toString());
        assertEquals(Nnetc.ERRORS, r.status(), r.err());
        assertTrue(r.err().contains("d.csv is a folder, not a CSV file"), r.err());
    }
}
