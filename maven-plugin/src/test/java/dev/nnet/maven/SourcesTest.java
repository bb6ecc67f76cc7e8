package dev.nnet.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourcesTest {
    @TempDir
    Path dir;

    private void touch(String path) throws IOException {
        Files.createDirectories(dir.resolve(path).getParent());
        Files.writeString(dir.resolve(path), "");
    }

    @Test
    void findsNnetFilesSortedAndAppliesIncludesAndExcludes() throws IOException {
        for (String f : List.of("b.nnet", "a.nnet", "deep/er/c.nnet", "notes.txt", "recurrent/rnn.nnet",
                ".git/x.nnet")) {
            touch(f);
        }
        assertEquals(List.of("a.nnet", "b.nnet", "deep/er/c.nnet", "recurrent/rnn.nnet"),
                Sources.scan(dir, null, null));
        assertEquals(List.of("a.nnet", "b.nnet", "deep/er/c.nnet"),
                Sources.scan(dir, Set.of(), Set.of("recurrent/**")));
        assertEquals(List.of("deep/er/c.nnet"), Sources.scan(dir, Set.of("deep/**/*.nnet"), null));
    }

    @Test
    void aMissingDirectoryHasNoSources() {
        assertEquals(List.of(), Sources.scan(dir.resolve("absent"), null, null));
    }

    @Test
    void readsUtf8WithTheAbsolutePathAsDisplayPathAndRefusesOtherEncodings() throws IOException {
        Path file = dir.resolve("net.nnet");
        Files.writeString(file, "// é\n");
        assertEquals(file.toString(), Sources.read(file).path());
        assertEquals("// é\n", Sources.read(file).text());
        Files.write(file, new byte[] {'/', '/', ' ', (byte) 0xE9, '\n'});
        assertEquals(file + " is not valid UTF-8; save it as UTF-8",
                assertThrows(BuildException.class, () -> Sources.read(file)).getMessage());
    }
}
