package dev.nnet.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.palantir.javapoet.JavaFile;
import dev.nnet.Compilation;
import dev.nnet.Driver;
import dev.nnet.codegen.java.JavaBackend;
import dev.nnet.diag.SourceFile;
import dev.nnet.lower.Pipeline;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The content-hash cache of compiled generated classes behind {@code nnet predict} and {@code eval}. */
class ClassCacheTest {
    private static final String LINEAR = """
            model M {
              input x: [N, 1]
              fc = linear(1, 1)
              forward(x) { return fc(x) }
            }
            train M {
              data train = tensors(x=[[1.0]], target=[[2.0]])
              batch full
              loss mse
              optimizer sgd(lr=%s)
              epochs 1
            }
            """;

    @TempDir
    Path dir;
    private String before;

    @BeforeEach
    void useATemporaryCache() {
        before = System.getProperty("nnet.cacheDir");
        System.setProperty("nnet.cacheDir", dir.resolve("cache").toString());
    }

    @AfterEach
    void restore() {
        if (before == null) {
            System.clearProperty("nnet.cacheDir");
        } else {
            System.setProperty("nnet.cacheDir", before);
        }
    }

    private static List<JavaFile> generated(String lr) {
        Compilation c = Driver.compile(new SourceFile("m.nnet", LINEAR.formatted(lr)));
        assertTrue(!c.hasErrors(), c.diagnostics().toString());
        return JavaBackend.generate(Pipeline.lower(c), CompiledProgram.PACKAGE);
    }

    @Test
    void theKeyFollowsTheGeneratedSources() {
        assertEquals(ClassCache.key(generated("0.1")), ClassCache.key(generated("0.1")));
        assertNotEquals(ClassCache.key(generated("0.1")), ClassCache.key(generated("0.2")));
    }

    @Test
    void aSecondLoadFindsTheEntryTheFirstPublished() throws Exception {
        List<JavaFile> files = generated("0.1");
        Path entry = dir.resolve("cache/classes").resolve(ClassCache.key(files));
        Class<?> first = ClassCache.load(files, dir.resolve("work1")).loadClass("nnet.generated.MTrainer");
        assertTrue(Files.isDirectory(entry.resolve("classes/nnet/generated")), "published under its key");
        assertEquals(List.of(entry.getFileName().toString()), names(dir.resolve("cache/classes")),
                "one entry, no staging folder left");
        long stamp = Files.getLastModifiedTime(entry.resolve("classes/nnet/generated/MTrainer.class")).toMillis();

        Class<?> second = ClassCache.load(files, dir.resolve("work2")).loadClass("nnet.generated.MTrainer");
        assertTrue(second.getProtectionDomain().getCodeSource().getLocation().toString()
                .endsWith(entry.getFileName() + "/classes/"), "loaded from the entry");
        assertEquals(stamp, Files.getLastModifiedTime(entry.resolve("classes/nnet/generated/MTrainer.class"))
                .toMillis(), "not compiled again");
        assertTrue(!Files.exists(dir.resolve("work2")), "javac's work folder was never needed");
        assertEquals(first.getName(), second.getName());
    }

    @Test
    void pruningKeepsTheMostRecentlyUsedEntriesAndOldStagingFolders() throws IOException {
        Path root = Files.createDirectories(dir.resolve("prune"));
        long now = System.currentTimeMillis();
        for (int i = 0; i < 5; i++) {
            Path entry = Files.createDirectories(root.resolve("entry" + i + "/classes"));
            Files.setLastModifiedTime(entry.getParent(), java.nio.file.attribute.FileTime.fromMillis(now - i * 1000L));
        }
        Path crashed = Files.createDirectories(root.resolve(".staging-old"));
        Files.setLastModifiedTime(crashed, java.nio.file.attribute.FileTime.fromMillis(now - 2 * 86_400_000L));
        Files.createDirectories(root.resolve(".staging-now"));
        ClassCache.prune(root, 3);
        assertEquals(List.of(".staging-now", "entry0", "entry1", "entry2"), names(root));
    }

    @Test
    void turnedOffItCompilesIntoTheWorkFolder() throws Exception {
        System.setProperty("nnet.classCache", "false");
        try {
            ClassCache.load(generated("0.1"), dir.resolve("work")).loadClass("nnet.generated.MTrainer");
            assertTrue(Files.isDirectory(dir.resolve("work/classes")));
            assertTrue(!Files.exists(dir.resolve("cache")));
        } finally {
            System.clearProperty("nnet.classCache");
        }
    }

    private static List<String> names(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
