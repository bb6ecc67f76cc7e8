package dev.nnet.cli;

import static dev.nnet.cli.NnetCommandTest.ROOT;
import static dev.nnet.cli.NnetCommandTest.nnet;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnet.Compilation;
import dev.nnet.Driver;
import dev.nnet.diag.SourceFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code nnet init NAME} and shell completion. */
class InitCommandTest {
    @TempDir
    Path dir;

    @Test
    void writesTheReadmePomAndAStarterThatChecksClean() throws IOException {
        NnetCommandTest.Run run = nnet("init", "my-nets", "--in", dir.toString());
        assertEquals(0, run.status(), run.err());
        String pom = Files.readString(dir.resolve("my-nets/pom.xml"));
        // The README's pom, which the readme-project IT builds, is what init writes.
        assertEquals(Files.readString(ROOT.resolve("maven-plugin/src/it/readme-project/pom.xml")), pom);
        Path starter = dir.resolve("my-nets/src/main/nnet/my-nets.nnet");
        Compilation c = Driver.compile(new SourceFile(starter.toString(), Files.readString(starter)));
        assertTrue(c.diagnostics().isEmpty(), c.diagnostics().toString());
        assertTrue(run.out().startsWith("Created " + dir.resolve("my-nets/pom.xml")), run.out());
    }

    @Test
    void refusesAnExistingProjectAndABadName() throws IOException {
        Files.createDirectories(dir.resolve("taken/src"));
        NnetCommandTest.Run run = nnet("init", "taken", "--in", dir.toString());
        assertEquals(2, run.status());
        assertEquals("nnet: 'taken' already exists and is not an empty folder; choose another name\n", run.err());
        run = nnet("init", "../up", "--in", dir.toString());
        assertEquals(2, run.status());
        assertTrue(run.err().startsWith("nnet: '../up' cannot name a project"), run.err());
        assertFalse(Files.exists(dir.resolve("up")));
    }

    @Test
    void shellCompletionKnowsTheCommandsAndDataSets() {
        NnetCommandTest.Run run = nnet("generate-completion");
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().contains("complete -F _complete_nnet"), run.out());
        for (String word : new String[] {"train", "eval", "predict", "plot", "init", "fetch", "fashion-mnist"}) {
            assertTrue(run.out().contains(word), word);
        }
    }
}
