package dev.nnet.maven;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 content hashes, as lower-case hex, for the build cache. */
final class Hashes {
    private Hashes() {
    }

    static String of(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    static String of(String text) {
        return of(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The hash of the jar a class was loaded from. Snapshot builds of the compiler keep their version while their
     * output changes, so the cache keys on the code itself. Classes loaded from a directory (this module's own
     * tests) are identified by that directory's path.
     */
    static String ofCodeOf(Class<?> type) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return "unknown:" + type.getName();
        }
        try {
            Path location = Path.of(source.getLocation().toURI());
            return Files.isRegularFile(location) ? of(Files.readAllBytes(location)) : "directory:" + location;
        } catch (URISyntaxException | IOException | IllegalArgumentException e) {
            return "unreadable:" + source.getLocation();
        }
    }
}
