package dev.nnet.run;

import com.palantir.javapoet.JavaFile;
import dev.nnet.runtime.data.fetch.DataCache;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * Compiled classes of generated sources, kept by content hash, so a second {@code nnet predict} or {@code eval} of
 * an unchanged file skips javac (about two seconds). The key hashes the generated sources themselves, the JDK's
 * version and the class path they compile against (each entry's path, size and modification time), so a changed
 * {@code .nnet} file, compiler, runtime or JDK never meets stale classes.
 *
 * <p>Entries live in {@code classes/KEY/} below the user's nnet cache. One is compiled in a temporary folder beside
 * it and renamed into place, so a crash or a concurrent run never leaves a half-written entry behind; a cache that
 * cannot be written only costs the time it would have saved. The {@value #KEEP} most recently used entries are kept.
 */
public final class ClassCache {
    /** Bump when the layout of an entry changes. */
    private static final String FORMAT = "1";
    /** Entries kept: the most recently used ones. A few hundred KB at most, rather than one entry per edit forever. */
    static final int KEEP = 64;

    private ClassCache() {
    }

    /** The folder the cache lives in, or null when it is turned off with {@code -Dnnet.classCache=false}. */
    static Path root() {
        return "false".equals(System.getProperty("nnet.classCache")) ? null : DataCache.root().resolve("classes");
    }

    /** Loads the compiled classes of {@code files}, compiling them first (into the cache, else {@code workDir}). */
    public static ClassLoader load(List<JavaFile> files, Path workDir) {
        Path root = root();
        if (root == null) {
            return JavacRunner.compile(files, workDir);
        }
        Path entry = root.resolve(key(files));
        if (!Files.isDirectory(entry)) {
            try {
                Files.createDirectories(root);
                Path staging = Files.createTempDirectory(root, ".staging-");
                try {
                    JavacRunner.compileTo(files, staging.resolve("src"), staging.resolve("classes"));
                    publish(staging, entry);
                } finally {
                    deleteQuietly(staging);
                }
                prune(root, KEEP);
            } catch (IOException | UncheckedIOException e) {
                return JavacRunner.compile(files, workDir); // an unwritable cache: compile as before
            }
        } else {
            touch(entry);
        }
        try {
            return new URLClassLoader(new URL[] {entry.resolve("classes").toUri().toURL()},
                    ClassCache.class.getClassLoader());
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Renames the staged entry into place; if another run got there first, its entry is as good as ours. */
    private static void publish(Path staging, Path entry) throws IOException {
        Path classes = staging.resolve("classes");
        Path ready = Files.createDirectories(staging.resolve("entry"));
        Files.move(classes, ready.resolve("classes"));
        try {
            Files.move(ready, entry, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
            if (!Files.isDirectory(entry)) {
                throw e;
            }
        } catch (IOException e) {
            if (!Files.isDirectory(entry)) { // a non-empty target is reported as some other IOException
                throw e;
            }
        }
    }

    /** Marks an entry as just used, for {@link #prune}. */
    private static void touch(Path entry) {
        try {
            Files.setLastModifiedTime(entry, FileTime.fromMillis(System.currentTimeMillis()));
        } catch (IOException e) {
            // an entry that looks older than it is only risks being compiled again one day
        }
    }

    /**
     * Deletes all but the {@code keep} most recently used entries, and staging folders a crashed run left more
     * than a day ago. Another run may be reading an entry deleted here: it has loaded its classes already, or it
     * fails to find them and compiles again, so pruning never breaks a run.
     */
    static void prune(Path root, int keep) {
        long dayAgo = System.currentTimeMillis() - 86_400_000L;
        try (Stream<Path> children = Files.list(root)) {
            List<Path> entries = new ArrayList<>();
            for (Path p : (Iterable<Path>) children::iterator) {
                if (!p.getFileName().toString().startsWith(".")) {
                    entries.add(p);
                } else if (Files.getLastModifiedTime(p).toMillis() < dayAgo) {
                    deleteQuietly(p);
                }
            }
            entries.sort(Comparator.comparingLong(ClassCache::lastUsed).reversed());
            entries.stream().skip(keep).forEach(ClassCache::deleteQuietly);
        } catch (IOException | UncheckedIOException e) {
            // an unpruned cache only takes more room
        }
    }

    private static long lastUsed(Path entry) {
        try {
            return Files.getLastModifiedTime(entry).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    /** SHA-256 of everything the compiled classes depend on. */
    static String key(List<JavaFile> files) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
        update(sha, "format " + FORMAT);
        update(sha, "java " + Runtime.version());
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(entry);
            String stamp;
            try {
                stamp = Files.size(p) + " " + Files.getLastModifiedTime(p).toMillis();
            } catch (IOException | RuntimeException e) {
                stamp = "missing";
            }
            update(sha, "classpath " + entry + " " + stamp);
        }
        for (JavaFile f : files) {
            update(sha, "source " + f.packageName() + "." + f.typeSpec().name());
            update(sha, f.toString());
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static void update(MessageDigest sha, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        sha.update(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
        sha.update((byte) ':');
        sha.update(bytes);
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a leftover staging folder is harmless: it is never a cache entry
        }
    }
}
