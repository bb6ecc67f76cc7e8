package dev.nnet.cli;

import dev.nnet.runtime.data.DataException;
import dev.nnet.runtime.data.fetch.DataCache;
import dev.nnet.runtime.data.fetch.Downloader;
import dev.nnet.runtime.data.fetch.KnownDatasets;
import dev.nnet.runtime.data.fetch.RemoteFile;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code nnet data fetch mnist [--dir D]}: downloads a data set's files from where they are published, checks each
 * one's SHA-256, and keeps them in the user's cache (or D), where {@code mnist("train")} and the like find them.
 */
@Command(name = "fetch", description = {"Download data sets, checking their SHA-256 sums, into the user's cache "
        + "(~/.cache/nnet/data/NAME, or $XDG_CACHE_HOME/nnet/data/NAME) or into --dir. An interrupted download "
        + "resumes where it stopped.", "Data sets: mnist, fashion-mnist, cifar10."})
final class DataFetchCommand extends BaseCommand {
    @Parameters(paramLabel = "NAME", arity = "1..*", completionCandidates = Names.class,
            description = "mnist, fashion-mnist or cifar10.")
    List<String> names;

    @Option(names = "--dir", paramLabel = "D", description = "Download into D instead of the cache.")
    Path dir;

    @Option(names = "--mirror", paramLabel = "URL",
            description = "Download from this server only (not the publishers' servers), which must serve the same "
                    + "files under the same names.")
    URI mirror;

    /** The known names, for picocli's shell completion. */
    static final class Names extends ArrayList<String> {
        private static final long serialVersionUID = 1L;

        Names() {
            super(KnownDatasets.names());
        }
    }

    @Override
    int run() {
        List<KnownDatasets.Dataset> sets = new ArrayList<>();
        for (String name : names) {
            KnownDatasets.Dataset set = KnownDatasets.get(name);
            if (set == null) {
                throw new UsageException("no data set called `" + name + "`; nnet can fetch "
                        + String.join(", ", KnownDatasets.names()));
            }
            sets.add(set);
        }
        if (mirror != null && (mirror.getScheme() == null || !mirror.getScheme().startsWith("http"))) {
            throw new UsageException("--mirror needs an http:// or https:// URL, found " + mirror);
        }
        PrintStream stdout = new PrintStream(new WriterStream(out()), true);
        Downloader downloader = new Downloader(stdout, System.console() != null);
        try {
            for (KnownDatasets.Dataset set : sets) {
                Path folder = dir != null ? dir.toAbsolutePath().normalize() : DataCache.folder(set.name());
                stdout.println(set.description() + " -> " + folder);
                for (RemoteFile file : set.files()) {
                    downloader.fetchFirst(mirror == null ? set.sources(file) : List.of(file.on(mirror)), folder);
                }
                stdout.println("Read by " + set.readBy() + (dir == null ? "" : " with --data " + folder));
            }
        } catch (DataException e) {
            stdout.flush();
            err().println("nnet: error: " + e.getMessage());
            return Nnetc.ERRORS;
        } finally {
            stdout.flush();
        }
        return Nnetc.OK;
    }
}
