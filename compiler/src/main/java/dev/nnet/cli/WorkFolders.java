package dev.nnet.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The temporary folders {@code nnet train|eval|predict} compile into: {@code nnet-PID-RANDOM} under the system's
 * temporary directory. A run deletes its own when it ends; a run killed with {@code kill -9} cannot, so each new run
 * first deletes the folders of processes that no longer exist. The process id in the name is what makes that safe
 * while other runs are going.
 */
final class WorkFolders {
    private static final Pattern NAME = Pattern.compile("nnet-(\\d+)-\\d+");

    private WorkFolders() {
    }

    /** A fresh folder for this process, after sweeping the folders of dead ones. */
    static Path create() throws IOException {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        sweep(tmp);
        return Files.createTempDirectory(tmp, "nnet-" + ProcessHandle.current().pid() + "-");
    }

    /** Deletes every {@code nnet-PID-*} folder under {@code tmp} whose process has ended; returns how many. */
    static int sweep(Path tmp) {
        int deleted = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(tmp, "nnet-*")) {
            for (Path p : entries) {
                Matcher m = NAME.matcher(p.getFileName().toString());
                if (m.matches() && Files.isDirectory(p) && !alive(m.group(1))) {
                    deleteQuietly(p);
                    deleted++;
                }
            }
        } catch (IOException | UncheckedIOException e) {
            // A temporary directory we cannot list holds nothing we could clean up either.
        }
        return deleted;
    }

    private static boolean alive(String pid) {
        try {
            return ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false);
        } catch (NumberFormatException e) {
            return true; // not a name this class wrote: leave it
        }
    }

    /** The generated sources and classes are only needed while the command runs; leave no folder behind. */
    static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // A leftover temporary folder is not worth failing a finished run for; the next run sweeps it.
        }
    }
}
