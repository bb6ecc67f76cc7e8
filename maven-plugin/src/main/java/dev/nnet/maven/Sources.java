package dev.nnet.maven;

import dev.nnet.diag.SourceFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import org.codehaus.plexus.util.DirectoryScanner;

/** Finding and reading {@code .nnet} files. */
final class Sources {
    /** What Maven plugins scan for by default, with the usual version-control excludes on top. */
    static final String DEFAULT_INCLUDE = "**/*.nnet";

    private Sources() {
    }

    /**
     * The files under {@code directory} matching the Ant-style patterns, as sorted '/'-separated relative paths.
     * A missing directory has no sources.
     */
    static List<String> scan(Path directory, Collection<String> includes, Collection<String> excludes) {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        DirectoryScanner scanner = new DirectoryScanner();
        scanner.setBasedir(directory.toFile());
        scanner.setIncludes(includes == null || includes.isEmpty() ? new String[] {DEFAULT_INCLUDE}
                : includes.toArray(String[]::new));
        if (excludes != null && !excludes.isEmpty()) {
            scanner.setExcludes(excludes.toArray(String[]::new));
        }
        scanner.addDefaultExcludes();
        scanner.scan();
        return Arrays.stream(scanner.getIncludedFiles()).map(p -> p.replace('\\', '/')).sorted().toList();
    }

    /** Reads a source as UTF-8; its display path is the absolute path, so logs and IDEs can jump to it. */
    static SourceFile read(Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            return new SourceFile(file.toString(), decode(bytes, file));
        } catch (IOException e) {
            throw new BuildException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Strict UTF-8, so a file saved in another encoding is reported, not silently mangled. */
    static String decode(byte[] bytes, Path file) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new BuildException(file + " is not valid UTF-8; save it as UTF-8");
        }
    }
}
