package dev.nnet.runtime.data.fetch;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The data sets {@code nnet data fetch} knows: the URLs their authors (or torchvision, where the authors' own
 * server no longer serves them) publish, with the sizes and SHA-256 sums that TensorFlow Datasets and torchvision
 * check. The names are the cache folders the data sources look in.
 */
public final class KnownDatasets {
    /**
     * A named set of files, what reads them once fetched, and other servers that publish the same files under the
     * same names, tried in order when the first fails.
     */
    public record Dataset(String name, String description, String readBy, List<RemoteFile> files,
                          List<URI> mirrors) {
        public Dataset {
            files = List.copyOf(files);
            mirrors = List.copyOf(mirrors);
        }

        /** Where to get one of its files: its own URL, then the mirrors. */
        public List<RemoteFile> sources(RemoteFile file) {
            List<RemoteFile> all = new ArrayList<>(List.of(file));
            mirrors.forEach(m -> all.add(file.on(m)));
            return all;
        }
    }

    private static final String MNIST = "https://ossci-datasets.s3.amazonaws.com/mnist/";
    /** Yann LeCun's own page, which torchvision falls back to as well. */
    private static final URI MNIST_ORIGINAL = URI.create("http://yann.lecun.com/exdb/mnist/");
    private static final String FASHION = "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/";
    private static final String CIFAR = "https://www.cs.toronto.edu/~kriz/";

    private static final Map<String, Dataset> ALL = Map.of(
            "mnist", new Dataset("mnist", "MNIST handwritten digits (LeCun, Cortes, Burges), 11 MB",
                    "mnist(\"train\") and mnist(\"test\")", List.of(
                    file(MNIST, "train-images-idx3-ubyte.gz", 9_912_422,
                            "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609"),
                    file(MNIST, "train-labels-idx1-ubyte.gz", 28_881,
                            "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c"),
                    file(MNIST, "t10k-images-idx3-ubyte.gz", 1_648_877,
                            "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6"),
                    file(MNIST, "t10k-labels-idx1-ubyte.gz", 4_542,
                            "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6")),
                    List.of(MNIST_ORIGINAL)),
            "fashion-mnist", new Dataset("fashion-mnist", "Fashion-MNIST clothing images (Zalando Research), 30 MB",
                    "fashion_mnist(\"train\") and fashion_mnist(\"test\")", List.of(
                    file(FASHION, "train-images-idx3-ubyte.gz", 26_421_880,
                            "3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84"),
                    file(FASHION, "train-labels-idx1-ubyte.gz", 29_515,
                            "a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845"),
                    file(FASHION, "t10k-images-idx3-ubyte.gz", 4_422_102,
                            "346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073"),
                    file(FASHION, "t10k-labels-idx1-ubyte.gz", 5_148,
                            "67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5")),
                    List.of()),
            "cifar10", new Dataset("cifar10", "CIFAR-10 32x32 colour images (Krizhevsky), binary version, 163 MB",
                    "cifar10(\"train\") and cifar10(\"test\"), from the archive as downloaded", List.of(
                    file(CIFAR, "cifar-10-binary.tar.gz", 170_052_171,
                            "c4a38c50a1bc5f3a1c5537f2155ab9d68f9f25eb1ed8d9ddda3db29a59bca1dd")),
                    List.of()));

    private KnownDatasets() {
    }

    private static RemoteFile file(String base, String name, long size, String sha256) {
        return new RemoteFile(name, URI.create(base + name), size, sha256);
    }

    /** The data set called {@code name}, or null. */
    public static Dataset get(String name) {
        return ALL.get(name);
    }

    /** Their names, sorted: for usage messages and shell completion. */
    public static List<String> names() {
        return ALL.keySet().stream().sorted().toList();
    }
}
