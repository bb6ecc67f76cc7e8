package dev.nnet.maven;

import com.palantir.javapoet.JavaFile;
import dev.nnet.Compilation;
import dev.nnet.Driver;
import dev.nnet.check.TypedModel;
import dev.nnet.codegen.java.JavaBackend;
import dev.nnet.diag.Severity;
import dev.nnet.diag.SourceFile;
import dev.nnet.diag.Span;
import dev.nnet.lower.LoweringException;
import dev.nnet.lower.Pipeline;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Compiles {@code .nnet} files to Java sources, doing as little as it can: a file whose content, settings and
 * outputs match the {@link BuildCache} is not compiled at all; a compiled file's outputs are written only where
 * their bytes differ from what is on disk (so unchanged files keep their modification times and javac's staleness
 * check stays quiet); outputs that no source produces any more are deleted. Never throws on a bad program: its
 * diagnostics come back in the result.
 */
public final class IncrementalGenerator {
    private IncrementalGenerator() {
    }

    /** One source file on its way through a run. */
    private static final class Unit {
        final String source;
        final Path file;
        final BuildCache.Entry previous;
        final List<Problem> problems = new ArrayList<>();
        String sourceHash;
        boolean upToDate;
        Compilation compilation;
        /** Output path (relative to the output directory) to content; null unless compiled without errors. */
        SortedMap<String, byte[]> generated;

        Unit(String source, Path file, BuildCache.Entry previous) {
            this.source = source;
            this.file = file;
            this.previous = previous;
        }

        void fail(Problem p) {
            problems.add(p);
            generated = null;
        }
    }

    /** Brings the output directory up to date with {@code sources} (relative, '/'-separated, sorted). */
    public static GenerationResult run(GeneratorSettings settings, List<String> sources) {
        BuildCache old = BuildCache.load(settings.cacheFile(), settings.sourceDirectory());
        boolean sameSettings = old.fingerprint().equals(settings.fingerprint());
        List<Unit> units = new ArrayList<>();
        for (String source : sources) {
            units.add(prepare(settings, source, old.entries().get(source), sameSettings));
        }
        rejectDuplicateClasses(units);

        SortedMap<String, BuildCache.Entry> entries = new TreeMap<>();
        List<Problem> problems = new ArrayList<>();
        List<Path> touched = new ArrayList<>();
        int compiled = 0;
        int upToDate = 0;
        int written = 0;
        int unchanged = 0;
        for (Unit u : units) {
            problems.addAll(u.problems);
            if (u.upToDate) {
                upToDate++;
                entries.put(u.source, u.previous);
                continue;
            }
            compiled++;
            if (u.generated == null) {
                // Keep owning the old outputs: they are deleted with the source, or replaced once it compiles.
                SortedMap<String, String> kept = u.previous == null ? new TreeMap<>() : u.previous.outputs();
                entries.put(u.source, new BuildCache.Entry(null, kept, List.of()));
                continue;
            }
            SortedMap<String, String> outputs = new TreeMap<>();
            for (Map.Entry<String, byte[]> out : u.generated.entrySet()) {
                outputs.put(out.getKey(), Hashes.of(out.getValue()));
                Path target = settings.outputDirectory().resolve(out.getKey());
                if (writeIfChanged(target, out.getValue())) {
                    written++;
                    touched.add(target);
                } else {
                    unchanged++;
                }
            }
            List<Problem> warnings = u.problems.stream().filter(p -> !p.isError()).toList();
            entries.put(u.source, new BuildCache.Entry(u.sourceHash, outputs, warnings));
        }
        int removed = removeStale(settings.outputDirectory(), old, entries, touched);
        if (!entries.isEmpty() || !old.entries().isEmpty()) {
            new BuildCache(settings.fingerprint(), entries).save(settings.cacheFile());
        }
        return new GenerationResult(problems, compiled, upToDate, written, unchanged, removed, touched);
    }

    private static Unit prepare(GeneratorSettings settings, String source, BuildCache.Entry previous,
                                boolean sameSettings) {
        if (source.indexOf('\n') >= 0 || source.indexOf('\r') >= 0) {
            throw new BuildException("the file name " + source.replaceAll("\\R", "\\\\n")
                    + " contains a line break; rename it");
        }
        Path file = settings.sourceDirectory().resolve(source).normalize();
        Unit u = new Unit(source, file, previous);
        byte[] bytes = read(file);
        u.sourceHash = Hashes.of(bytes);
        if (sameSettings && previous != null && u.sourceHash.equals(previous.sourceHash())
                && intact(settings.outputDirectory(), previous.outputs())) {
            u.upToDate = true;
            u.problems.addAll(previous.warnings());
            return u;
        }
        u.compilation = Driver.compile(new SourceFile(file.toString(), Sources.decode(bytes, file)));
        u.compilation.diagnostics().forEach(d -> u.problems.add(Problem.of(file, d)));
        if (u.compilation.hasErrors()) {
            return u;
        }
        String packageName = settings.packages().packageOf(source);
        try {
            u.generated = new TreeMap<>();
            for (JavaFile f : JavaBackend.generate(Pipeline.lower(u.compilation), packageName)) {
                String path = f.packageName().replace('.', '/') + "/" + f.typeSpec().name() + ".java";
                u.generated.put(path, f.toString().getBytes(StandardCharsets.UTF_8));
            }
        } catch (LoweringException e) {
            // Checked, but not compilable yet: the same E0003 that `nnetc compile` reports.
            u.fail(new Problem(file, Severity.ERROR, "E0003", e.span().line(), e.span().column(), e.getMessage()));
        }
        return u;
    }

    /**
     * Two files generating the same class would overwrite each other's output, one build after the other. The
     * later file in source order gets the error, at the model that collides when it was compiled in this run.
     */
    private static void rejectDuplicateClasses(List<Unit> units) {
        Map<String, Unit> owners = new HashMap<>();
        for (Unit u : units) {
            List<String> outputs = u.upToDate ? List.copyOf(u.previous.outputs().keySet())
                    : u.generated != null ? List.copyOf(u.generated.keySet()) : List.of();
            String taken = outputs.stream().filter(owners::containsKey).findFirst().orElse(null);
            if (taken == null) {
                outputs.forEach(o -> owners.put(o, u));
                continue;
            }
            String className = taken.substring(0, taken.length() - ".java".length()).replace('/', '.');
            Span at = declarationOf(u.compilation, className.substring(className.lastIndexOf('.') + 1));
            u.upToDate = false;
            u.fail(new Problem(u.file, Severity.ERROR, "E0102", at.line(), at.column(), "class `" + className
                    + "` is also generated from " + owners.get(taken).file + "; rename one of the models, or set"
                    + " <packagePerFile>true</packagePerFile> to give each file its own package"));
        }
    }

    /** The name of the model behind a generated class ({@code Net} or {@code NetTrainer}), or the file's start. */
    private static Span declarationOf(Compilation c, String simpleName) {
        if (c == null) {
            return Span.NONE;
        }
        for (TypedModel m : c.typed().models()) {
            if (simpleName.equals(m.name()) || simpleName.matches(java.util.regex.Pattern.quote(m.name())
                    + "Trainer\\d*")) {
                return m.component().item().name().span();
            }
        }
        return Span.NONE;
    }

    private static boolean intact(Path outputDirectory, SortedMap<String, String> outputs) {
        for (Map.Entry<String, String> out : outputs.entrySet()) {
            Path file = outputDirectory.resolve(out.getKey());
            if (!Files.isRegularFile(file) || !Hashes.of(read(file)).equals(out.getValue())) {
                return false;
            }
        }
        return true;
    }

    private static boolean writeIfChanged(Path target, byte[] content) {
        try {
            if (Files.isRegularFile(target) && Arrays.equals(Files.readAllBytes(target), content)) {
                return false;
            }
            Files.createDirectories(target.getParent());
            Files.write(target, content);
            return true;
        } catch (IOException e) {
            throw new BuildException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    /** Deletes outputs that the old cache owned and the new one does not, then the directories left empty. */
    private static int removeStale(Path outputDirectory, BuildCache old, SortedMap<String, BuildCache.Entry> now,
                                   List<Path> touched) {
        TreeSet<String> stale = new TreeSet<>();
        old.entries().values().forEach(e -> stale.addAll(e.outputs().keySet()));
        now.values().forEach(e -> stale.removeAll(e.outputs().keySet()));
        int removed = 0;
        for (String output : stale) {
            Path file = outputDirectory.resolve(output).normalize();
            if (!file.startsWith(outputDirectory)) {
                continue; // a damaged cache must never make the build delete files outside its output directory
            }
            try {
                if (Files.deleteIfExists(file)) {
                    removed++;
                    touched.add(file);
                }
                for (Path dir = file.getParent(); !dir.equals(outputDirectory); dir = dir.getParent()) {
                    Files.deleteIfExists(dir);
                }
            } catch (DirectoryNotEmptyException e) {
                // Other outputs still live there: stop pruning.
            } catch (IOException e) {
                throw new BuildException("cannot delete " + file + ": " + e.getMessage(), e);
            }
        }
        return removed;
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new BuildException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
