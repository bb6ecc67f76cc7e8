package dev.nnet.maven;

import dev.nnet.diag.Severity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What the previous {@code generate} run knew, kept under {@code target/}: a fingerprint of everything besides the
 * sources that decides the output (plugin and compiler code, package settings), and per source file the hash of
 * its content, the hash of every Java file it produced, and its warnings (so an up-to-date build reports them
 * again). A text file with sorted, relative paths and no timestamps, so it is itself reproducible. A cache that is
 * missing, unreadable or of another format counts as empty: everything is compiled again, and files whose content
 * comes out the same are still not rewritten.
 *
 * @param entries by source path relative to the source directory, '/'-separated
 */
public record BuildCache(String fingerprint, SortedMap<String, Entry> entries) {
    private static final String HEADER = "nnet-maven-plugin cache 1";
    private static final String FAILED = "failed";

    /**
     * One source file.
     *
     * @param sourceHash the content hash it was compiled from, or null when it had errors (so it is compiled, and its
     *                   errors reported, on every build until fixed)
     * @param outputs    generated file (relative to the output directory) to its content hash
     * @param warnings   its warnings, reported again while it stays up to date
     */
    public record Entry(String sourceHash, SortedMap<String, String> outputs, List<Problem> warnings) {
        public Entry {
            outputs = new TreeMap<>(outputs);
            warnings = List.copyOf(warnings);
        }
    }

    public BuildCache {
        entries = new TreeMap<>(entries);
    }

    static BuildCache empty() {
        return new BuildCache("", new TreeMap<>());
    }

    /** Reads the cache; warnings get the absolute path of their file under {@code sourceDirectory}. */
    static BuildCache load(Path file, Path sourceDirectory) {
        List<String> lines;
        try {
            if (!Files.isRegularFile(file)) {
                return empty();
            }
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return empty();
        }
        if (lines.size() < 2 || !lines.get(0).equals(HEADER) || !lines.get(1).startsWith("fingerprint ")) {
            return empty();
        }
        SortedMap<String, Entry> entries = new TreeMap<>();
        String source = null;
        String sourceHash = null;
        SortedMap<String, String> outputs = new TreeMap<>();
        List<Problem> warnings = new ArrayList<>();
        for (String line : lines.subList(2, lines.size())) {
            String[] f = line.split(" ", line.startsWith("warning ") ? 5 : 3);
            if (f[0].equals("source") && f.length == 3) {
                if (source != null) {
                    entries.put(source, new Entry(sourceHash, outputs, warnings));
                }
                source = f[2];
                sourceHash = f[1].equals(FAILED) ? null : f[1];
                outputs = new TreeMap<>();
                warnings = new ArrayList<>();
            } else if (!warnings.isEmpty() && line.startsWith("help ")) {
                Problem w = warnings.remove(warnings.size() - 1);
                warnings.add(new Problem(w.file(), w.severity(), w.code(), w.line(), w.column(), w.message(),
                        line.substring("help ".length())));
            } else if (source != null && f[0].equals("output") && f.length == 3) {
                outputs.put(f[2], f[1]);
            } else if (source != null && f[0].equals("warning") && f.length == 5 && isPosition(f[2], f[3])) {
                warnings.add(new Problem(sourceDirectory.resolve(source).toAbsolutePath().normalize(),
                        Severity.WARNING, f[1], Integer.parseInt(f[2]), Integer.parseInt(f[3]), f[4]));
            } else {
                return empty();
            }
        }
        if (source != null) {
            entries.put(source, new Entry(sourceHash, outputs, warnings));
        }
        return new BuildCache(lines.get(1).substring("fingerprint ".length()), entries);
    }

    private static boolean isPosition(String line, String column) {
        return line.matches("\\d{1,9}") && column.matches("\\d{1,9}");
    }

    /** The file's text: sources in order, each followed by its outputs and warnings. */
    String format() {
        StringBuilder out = new StringBuilder(HEADER).append('\n');
        out.append("fingerprint ").append(fingerprint).append('\n');
        for (Map.Entry<String, Entry> e : entries.entrySet()) {
            Entry entry = e.getValue();
            String hash = entry.sourceHash() == null ? FAILED : entry.sourceHash();
            out.append("source ").append(hash).append(' ').append(e.getKey()).append('\n');
            entry.outputs().forEach((path, h) -> out.append("output ").append(h).append(' ').append(path).append('\n'));
            for (Problem w : entry.warnings()) {
                out.append("warning ").append(w.code()).append(' ').append(w.line()).append(' ').append(w.column())
                        .append(' ').append(w.message()).append('\n');
                if (w.help() != null) {
                    out.append("help ").append(w.help()).append('\n');
                }
            }
        }
        return out.toString();
    }

    /** Writes the cache unless the file already holds exactly this; returns whether it wrote. */
    boolean save(Path file) {
        byte[] bytes = format().getBytes(StandardCharsets.UTF_8);
        try {
            if (Files.isRegularFile(file) && Arrays.equals(Files.readAllBytes(file), bytes)) {
                return false;
            }
            Files.createDirectories(file.getParent());
            Files.write(file, bytes);
            return true;
        } catch (IOException e) {
            throw new BuildException("cannot write the nnet build cache " + file + ": " + e.getMessage(), e);
        }
    }
}
