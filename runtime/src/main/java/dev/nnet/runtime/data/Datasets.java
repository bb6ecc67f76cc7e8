package dev.nnet.runtime.data;

import dev.nnet.runtime.data.fetch.DataCache;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Opens the data set a {@link DataSpec} describes, finding its files. A relative path is looked up, in order:
 * in {@code --data DIR} when given (and nowhere else); otherwise in the working directory, then beside the
 * {@code .nnet} file and in each folder above it, so a sample run from anywhere inside the repository finds the
 * {@code data/} folder at its root; MNIST and Fashion-MNIST last in the cache {@code nnet data fetch} fills.
 */
public final class Datasets {
    static final String FASHION_URL = "https://github.com/zalandoresearch/fashion-mnist";
    static final String CIFAR_FOLDER = "cifar-10-batches-bin";
    static final String CIFAR_ARCHIVE = "cifar-10-binary.tar.gz";

    private Datasets() {
    }

    /**
     * @param nnetDir the folder of the {@code .nnet} file, or null
     * @param dataDir the folder given with {@code --data}, or null; for MNIST it holds the IDX files themselves
     */
    public static Dataset open(DataSpec spec, Path nnetDir, Path dataDir) {
        if (spec instanceof DataSpec.Mnist m) {
            return mnist(m, nnetDir, dataDir);
        }
        if (spec instanceof DataSpec.Cifar10 c) {
            return cifar10(c, nnetDir, dataDir);
        }
        if (spec instanceof DataSpec.Csv c) {
            Path file = dataFile("CSV", c.path(), nnetDir, dataDir);
            return Csv.read(file, c.label(), c.header(), c.classTargets(), c.transforms(), c.features());
        }
        if (spec instanceof DataSpec.Names n) {
            return names(n, nnetDir, dataDir).padded(n.length());
        }
        if (spec instanceof DataSpec.PlanarFlower f) {
            return PlanarFlower.generate(f.points(), f.seed());
        }
        return InlineTensors.of((DataSpec.Tensors) spec);
    }

    /** The {@code names(...)} data set, its file found as a CSV file's is. */
    public static Names names(DataSpec.Names spec, Path nnetDir, Path dataDir) {
        Path file = dataFile("names", spec.path(), nnetDir, dataDir);
        return Names.read(file, spec.vocabulary(), spec.classNames().isEmpty() ? null : spec.classNames());
    }

    private static Dataset mnist(DataSpec.Mnist spec, Path nnetDir, Path dataDir) {
        String name = spec.fashion() ? "Fashion-MNIST" : "MNIST";
        String root = spec.root() == null || spec.root().isBlank()
                ? (spec.fashion() ? "data/fashion-mnist" : "data/mnist") : spec.root();
        String images = Mnist.fileName(spec.split(), true);
        String labels = Mnist.fileName(spec.split(), false);
        String cacheName = spec.fashion() ? "fashion-mnist" : "mnist";
        List<Path> folders = dataDir != null ? List.of(dataDir.toAbsolutePath().normalize())
                : withCache(candidates(Path.of(root), nnetDir), DataCache.folder(cacheName));
        for (Path folder : folders) {
            Path imagesFile = idxFile(folder, images);
            if (imagesFile != null) {
                Path labelsFile = idxFile(folder, labels);
                if (labelsFile == null) {
                    throw new DataException(name + " " + spec.split() + " labels (" + labels + " or " + labels
                            + ".gz) are missing from " + folder + ", which has the images; put both files there");
                }
                return Mnist.read(imagesFile, labelsFile, spec.transforms());
            }
        }
        StringBuilder msg = new StringBuilder(name + " " + spec.split() + " images (" + images + " or " + images
                + ".gz) not found; looked in:");
        for (Path folder : folders) {
            msg.append("\n  ").append(folder);
        }
        String fetch = "nnet data fetch " + cacheName;
        if (dataDir != null) {
            msg.append("\nPut the IDX files in ").append(dataDir).append(", or run `").append(fetch)
                    .append(" --dir ").append(dataDir).append("` to download them there");
        } else if (spec.fashion()) {
            msg.append("\nFashion-MNIST is not shipped with nnet: run `").append(fetch).append("` to download it ")
                    .append("into ").append(DataCache.folder(cacheName)).append(" (from ").append(FASHION_URL)
                    .append("), or pass --data DIR (Training.dataDir in Java) with the folder that holds ")
                    .append("its IDX files");
        } else {
            msg.append("\nRun `").append(fetch).append("` to download it into ")
                    .append(DataCache.folder(cacheName)).append(", run from inside the nnet repository (it ships ")
                    .append("data/mnist), or pass --data DIR (Training.dataDir in Java) with the folder that ")
                    .append("holds the IDX files");
        }
        throw new DataException(msg.toString());
    }

    /**
     * CIFAR-10's batch files of a split, found in the first folder that has them: as files, in the folder
     * {@code cifar-10-batches-bin} the archive unpacks to, or inside the archive {@code cifar-10-binary.tar.gz} itself
     * (as {@code nnet data fetch cifar10} leaves it).
     */
    private static Dataset cifar10(DataSpec.Cifar10 spec, Path nnetDir, Path dataDir) {
        List<String> names = Cifar10.fileNames(spec.split());
        String root = spec.root() == null || spec.root().isBlank() ? "data/cifar10" : spec.root();
        List<Path> folders = dataDir != null ? List.of(dataDir.toAbsolutePath().normalize())
                : withCache(candidates(Path.of(root), nnetDir), DataCache.folder("cifar10"));
        for (Path folder : folders) {
            for (Path dir : List.of(folder, folder.resolve(CIFAR_FOLDER))) {
                List<Cifar10.BatchFile> files = cifarFiles(dir, names);
                if (files != null) {
                    return Cifar10.read(files, spec.transforms(), true);
                }
            }
            Path archive = folder.resolve(CIFAR_ARCHIVE);
            if (Files.isRegularFile(archive)) {
                java.util.Map<String, byte[]> found = TarGz.entries(archive, new java.util.HashSet<>(names));
                List<Cifar10.BatchFile> files = new ArrayList<>();
                for (String name : names) {
                    if (!found.containsKey(name)) {
                        throw new DataException(archive + " has no " + name + "; it is not CIFAR-10's binary "
                                + "archive, download it again with `nnet data fetch cifar10`");
                    }
                    files.add(new Cifar10.BatchFile(archive + "!" + CIFAR_FOLDER + "/" + name, found.get(name)));
                }
                return Cifar10.read(files, spec.transforms(), true);
            }
        }
        StringBuilder msg = new StringBuilder("CIFAR-10 " + spec.split() + " batches (" + String.join(", ", names)
                + ") not found; looked in these folders, in their " + CIFAR_FOLDER + " and for " + CIFAR_ARCHIVE
                + ":");
        for (Path folder : folders) {
            msg.append("\n  ").append(folder);
        }
        msg.append("\nCIFAR-10 is not shipped with nnet: run `nnet data fetch cifar10` to download it into ")
                .append(DataCache.folder("cifar10")).append(", or pass --data DIR (Training.dataDir in Java) with ")
                .append("the folder that holds the .bin files or the archive");
        throw new DataException(msg.toString());
    }

    /** The batch files in {@code dir}, all of them; null when the first is not there; an error when only some are. */
    private static List<Cifar10.BatchFile> cifarFiles(Path dir, List<String> names) {
        if (!Files.isRegularFile(dir.resolve(names.get(0)))) {
            return null;
        }
        List<Cifar10.BatchFile> files = new ArrayList<>();
        for (String name : names) {
            Path file = dir.resolve(name);
            if (!Files.isRegularFile(file)) {
                throw new DataException(file + " is missing; " + dir + " has " + names.get(0) + ", and CIFAR-10's "
                        + "split needs all of " + String.join(", ", names));
            }
            try {
                long size = Files.size(file);
                if (size > (long) Cifar10.RECORD * Cifar10.RECORDS_PER_FILE) {
                    throw new DataException(file + ": " + size + " bytes; every CIFAR-10 batch file has "
                            + (long) Cifar10.RECORD * Cifar10.RECORDS_PER_FILE + ": it is not CIFAR-10's, download "
                            + "cifar-10-binary.tar.gz again");
                }
                files.add(new Cifar10.BatchFile(file.toString(), Files.readAllBytes(file)));
            } catch (java.io.IOException e) {
                throw new DataException(file + ": cannot read: " + e.getMessage(), e);
            }
        }
        return files;
    }

    /** The folders to look in, then the download cache of {@code nnet data fetch}. */
    private static List<Path> withCache(List<Path> folders, Path cache) {
        Set<Path> all = new LinkedHashSet<>(folders);
        all.add(cache);
        return List.copyOf(all);
    }

    /** The raw file, else its gzip twin, else null; a folder by either name is an error, not "missing". */
    private static Path idxFile(Path folder, String name) {
        Path raw = folder.resolve(name);
        if (Files.isRegularFile(raw)) {
            return raw;
        }
        Path gz = folder.resolve(name + ".gz");
        if (Files.isRegularFile(gz)) {
            return gz;
        }
        for (Path p : List.of(raw, gz)) {
            if (Files.isDirectory(p)) {
                throw new DataException(p + " is a folder, not an IDX file; the data files go directly in "
                        + folder);
            }
        }
        return null;
    }

    /** {@code kind} names the file in errors: "CSV", "names". */
    private static Path dataFile(String kind, String path, Path nnetDir, Path dataDir) {
        Path p = Path.of(path);
        List<Path> tried = new ArrayList<>();
        if (dataDir != null && !p.isAbsolute()) {
            Path dir = dataDir.toAbsolutePath().normalize();
            tried.add(dir.resolve(p).normalize());
            tried.add(dir.resolve(p.getFileName()));
        } else {
            tried.addAll(candidates(p, nnetDir));
        }
        Set<Path> unique = new LinkedHashSet<>(tried);
        for (Path candidate : unique) {
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        for (Path candidate : unique) {
            if (Files.isDirectory(candidate)) {
                throw new DataException(candidate + " is a folder, not a " + kind + " file; give the path of the "
                        + "file in it");
            }
        }
        StringBuilder msg = new StringBuilder(kind + " file " + path + " not found; looked for:");
        for (Path candidate : unique) {
            msg.append("\n  ").append(candidate);
        }
        msg.append("\nGive the path relative to the working directory or to the .nnet file, or pass --data DIR "
                + "with the folder that holds it");
        throw new DataException(msg.toString());
    }

    /** The working directory, then the {@code .nnet} file's folder and its ancestors, each joined with {@code p}. */
    private static List<Path> candidates(Path p, Path nnetDir) {
        if (p.isAbsolute()) {
            return List.of(p.normalize());
        }
        Set<Path> out = new LinkedHashSet<>();
        out.add(Path.of("").toAbsolutePath().resolve(p).normalize());
        for (Path dir = nnetDir == null ? null : nnetDir.toAbsolutePath().normalize(); dir != null;
             dir = dir.getParent()) {
            out.add(dir.resolve(p).normalize());
        }
        return List.copyOf(out);
    }
}
