package dev.nnet.maven;

import java.nio.file.Path;

/**
 * Where {@link IncrementalGenerator} reads and writes, and what besides the sources decides its output.
 *
 * @param cacheFile    the build cache, under {@code target/}
 * @param codeIdentity identifies the plugin and compiler code (version and jar hashes): new code, new output
 */
public record GeneratorSettings(Path sourceDirectory, Path outputDirectory, Path cacheFile, PackageNames packages,
                                String codeIdentity) {
    public GeneratorSettings {
        sourceDirectory = sourceDirectory.toAbsolutePath().normalize();
        outputDirectory = outputDirectory.toAbsolutePath().normalize();
        cacheFile = cacheFile.toAbsolutePath().normalize();
    }

    /** A hash of everything that is not a source but changes the generated files. */
    public String fingerprint() {
        return Hashes.of("code " + codeIdentity + "\npackage " + packages.base() + "\nper-file " + packages.perFile());
    }
}
