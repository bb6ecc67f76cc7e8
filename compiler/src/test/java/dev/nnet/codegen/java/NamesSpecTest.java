package dev.nnet.codegen.java;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnet.Compilation;
import dev.nnet.Driver;
import dev.nnet.check.TrainSettings;
import dev.nnet.diag.SourceFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The generated train spec of the name classifier: both names(...) sets pad to one L, classes by the labels. */
class NamesSpecTest {
    private static final Path ROOT = Path.of(System.getProperty("nnet.repoRoot", ".."));

    @Test
    void theTestSetPadsToTheTrainingSetsLongestNameAndTakesTheLabels() throws IOException {
        Path sample = ROOT.resolve("samples/recurrent/name-classifier.nnet");
        Compilation c = Driver.compile(new SourceFile(sample.toString(), Files.readString(sample)));
        assertTrue(!c.hasErrors(), c.diagnostics().toString());
        TrainSettings settings = c.typed().trains().get(0).settings();
        String spec = SpecCode.spec(settings, "RNNClassifier", List.of("inputs", "seq_lengths"), "x.nnet").toString();
        // data/names_train.csv.gz's longest name has 24 characters, names_test.csv.gz's 18: the model takes 24.
        String labels = "java.util.List.of(\"Chinese\", \"Croatian\", \"Czech\", \"Dutch\", \"English\", \"French\", "
                + "\"German\", \"Greek\", \"Indonesian\", \"Italian\", \"Polish\", \"Portuguese\", \"Romanian\", "
                + "\"Russian\", \"Spanish\", \"Swedish\", \"Turkish\", \"Vietnamese\")";
        for (String file : List.of("names_train", "names_test")) {
            String expected = "new dev.nnet.runtime.data.DataSpec.Names(\"data/" + file + ".csv.gz\", 128, " + labels
                    + ", 24)";
            assertTrue(spec.contains(expected), spec);
        }
    }
}
