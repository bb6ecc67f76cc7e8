package dev.nnet.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnet.diag.Severity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildCacheTest {
    @TempDir
    Path dir;

    private BuildCache sample(Path sources) {
        TreeMap<String, BuildCache.Entry> entries = new TreeMap<>();
        TreeMap<String, String> outputs = new TreeMap<>();
        outputs.put("nnet/generated/with space/Net.java", "ab12");
        Problem warning = new Problem(sources.resolve("my nets/a b.nnet"), Severity.WARNING, "W0301", 5, 3,
                "layer `spare` is never used", "remove `spare = linear(3, 3)`");
        entries.put("my nets/a b.nnet", new BuildCache.Entry("cd34", outputs, List.of(warning)));
        entries.put("broken.nnet", new BuildCache.Entry(null, new TreeMap<>(), List.of()));
        return new BuildCache("ef56", entries);
    }

    @Test
    void roundTripsPathsWithSpacesFailedEntriesAndWarningsWithTheirHelp() {
        Path sources = dir.resolve("src");
        BuildCache cache = sample(sources);
        Path file = dir.resolve("target/cache");
        assertTrue(cache.save(file));
        assertEquals(cache, BuildCache.load(file, sources));
        assertEquals("""
                nnet-maven-plugin cache 1
                fingerprint ef56
                source failed broken.nnet
                source cd34 my nets/a b.nnet
                output ab12 nnet/generated/with space/Net.java
                warning W0301 5 3 layer `spare` is never used
                help remove `spare = linear(3, 3)`
                """, cache.format());
    }

    @Test
    void savingTheSameContentLeavesTheFileAlone() {
        Path file = dir.resolve("cache");
        assertTrue(sample(dir).save(file));
        assertFalse(sample(dir).save(file));
    }

    @Test
    void aMissingOrDamagedCacheIsEmpty() throws IOException {
        assertEquals(BuildCache.empty(), BuildCache.load(dir.resolve("none"), dir));
        Path file = dir.resolve("cache");
        for (String text : List.of("", "nnet-maven-plugin cache 0\nfingerprint x\n",
                "nnet-maven-plugin cache 1\nfingerprint x\noutput ab a.java\n",
                "nnet-maven-plugin cache 1\nfingerprint x\nsource ab a.nnet\nwarning W0301 x 3 m\n")) {
            Files.writeString(file, text);
            assertEquals(BuildCache.empty(), BuildCache.load(file, dir), text);
        }
    }
}
