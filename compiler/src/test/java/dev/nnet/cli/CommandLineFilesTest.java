package dev.nnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnet.cli.NnetCommandTest.Run;
import dev.nnet.runtime.Tensor;
import dev.nnet.runtime.io.Safetensors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Command-line arguments that name bad files or bad names get one clear line and the same status everywhere. */
class CommandLineFilesTest {
    static final String LINEAR = NnetCommandTest.LINEAR;

    @TempDir
    Path dir;

    @Test
    void outputThatIsAFileIsAUsageErrorNotAnInternalOne() throws IOException {
        Path file = Files.writeString(dir.resolve("taken"), "x");
        NnetcTest.Run r = NnetcTest.nnetc("compile", "-o", file.toString(), LINEAR);
        assertEquals(Nnetc.USAGE, r.status(), r.err());
        assertEquals("nnetc: -o " + file + ": not a directory; -o names the folder to write the sources under\n",
                r.err());
    }

    @Test
    void aPackageThatIsNotAJavaNameIsRefusedBeforeWritingAnything() {
        for (String bad : new String[] {"a b", "class.int", "1x", "a..b", ""}) {
            NnetcTest.Run r = NnetcTest.nnetc("compile", "-o", dir.toString(), "--package", bad, LINEAR);
            assertEquals(Nnetc.USAGE, r.status(), bad);
            assertTrue(r.err().startsWith("nnetc: --package '" + bad + "' is not a Java package name"), r.err());
        }
        assertEquals(0, dir.toFile().list().length, "nothing written");
        assertEquals(0, NnetcTest.nnetc("compile", "-o", dir.toString(), "--package", "com.example.nets", LINEAR)
                .status());
    }

    @Test
    void aMissingWeightsFileIsTheSameFailureForEveryCommand() {
        String missing = dir.resolve("none.safetensors").toString();
        Run eval = NnetCommandTest.nnet("eval", LINEAR, "--weights", missing);
        Run predict = NnetCommandTest.nnet("predict", LINEAR, "--weights", missing, "--input", "4");
        Run init = NnetCommandTest.nnet("train", LINEAR, "--epochs", "1", "--init-from", missing);
        for (Run r : new Run[] {eval, predict, init}) {
            assertEquals(Nnetc.ERRORS, r.status(), r.err());
            assertTrue(r.err().startsWith("nnet: error: "), r.err());
            assertTrue(r.err().contains(missing), r.err());
        }
    }

    @Test
    void predictRefusesNonFiniteInputs() {
        Path weights = dir.resolve("w.safetensors");
        Safetensors.write(weights, List.of(new Tensor("linear.weight", 1, 1), new Tensor("linear.bias", 1)),
                Map.of());
        for (String bad : new String[] {"NaN", "Infinity", "-Infinity", "1e39"}) {
            Run r = NnetCommandTest.nnet("predict", LINEAR, "--weights", weights.toString(), "--input", bad);
            assertEquals(Nnetc.USAGE, r.status(), bad);
            assertEquals("nnet: --input " + bad + ": `" + bad + "` is not a finite number\n", r.err());
        }
    }

    @Test
    void internalErrorsAreNamedAfterTheCommandTheUserRan() {
        assertEquals("nnet: internal error: java.lang.IllegalStateException: x, please report",
                Nnetc.internalError("nnet", new IllegalStateException("x")));
        assertFalse(Nnetc.internalError("nnet", new IllegalStateException("x")).startsWith("nnetc"));
    }
}
