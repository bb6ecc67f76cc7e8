package dev.nnet.runtime.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import dev.nnet.runtime.data.fetch.DataCache;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding data files: --data, the working directory, the .nnet file's folder and the folders above it. */
class DatasetsTest {
    @TempDir
    Path dir;

    private static DataSpec.Mnist mnist(String split, boolean fashion, String root) {
        return new DataSpec.Mnist(split, fashion, root, List.of());
    }

    private static String error(DataSpec spec, Path nnetDir, Path dataDir) {
        return assertThrows(DataException.class, () -> Datasets.open(spec, nnetDir, dataDir)).getMessage();
    }

    @Test
    void aSampleFolderFindsTheShippedMnistAtTheRepositoryRoot() {
        Dataset test = Datasets.open(mnist("test", false, null), TestData.repoRoot().resolve("samples/mnist"), null);
        assertEquals(10_000, test.size());
        assertEquals(10, test.classes());
    }

    @Test
    void dataDirHoldsTheIdxFilesThemselves() throws IOException {
        TestData.writeMnist(dir, "t10k", 4, 2, 2, false);
        TestData.writeMnist(dir, "train", 6, 2, 2, true);
        // --data wins over the root, even one that exists (the repository's data/mnist).
        Path samples = TestData.repoRoot().resolve("samples/mnist");
        assertEquals(4, Datasets.open(mnist("test", false, "data/mnist"), samples, dir).size());
        assertEquals(6, Datasets.open(mnist("train", true, null), samples, dir).size());
    }

    @Test
    void anAbsoluteRootIsUsedAsItIs() throws IOException {
        TestData.writeMnist(dir, "t10k", 3, 2, 2, true);
        assertEquals(3, Datasets.open(mnist("test", false, dir.toString()), null, null).size());
    }

    @Test
    void missingMnistListsWhereItLookedAndSuggestsData() throws IOException {
        Path nnetDir = Files.createDirectories(dir.resolve("project/models"));
        String message = error(mnist("test", false, "data/digits"), nnetDir, null);
        assertTrue(message.startsWith("MNIST test images (t10k-images-idx3-ubyte or t10k-images-idx3-ubyte.gz) not "
                + "found; looked in:"), message);
        assertTrue(message.contains("\n  " + Path.of("").toAbsolutePath().resolve("data/digits")), message);
        assertTrue(message.contains("\n  " + nnetDir.resolve("data/digits")), message);
        assertTrue(message.contains("\n  " + dir.resolve("project/data/digits")), message);
        assertTrue(message.contains("\n  " + dir.resolve("data/digits")), message);
        assertTrue(message.contains("pass --data DIR"), message);
        assertTrue(message.contains("\n  " + DataCache.folder("mnist") + "\nRun `nnet data fetch mnist` to "
                + "download it into " + DataCache.folder("mnist") + ", run from inside"), message);
        message = error(mnist("test", false, null), null, dir);
        assertTrue(message.endsWith("looked in:\n  " + dir + "\nPut the IDX files in " + dir + ", or run `nnet data "
                + "fetch mnist --dir " + dir + "` to download them there"), message);
    }

    @Test
    void missingFashionMnistNamesTheFetchCommand() {
        String message = error(mnist("train", true, null), null, null);
        assertTrue(message.startsWith("Fashion-MNIST train images (train-images-idx3-ubyte or "
                + "train-images-idx3-ubyte.gz) not found"), message);
        assertTrue(message.contains("Fashion-MNIST is not shipped with nnet: run `nnet data fetch fashion-mnist` "
                + "to download it into " + DataCache.folder("fashion-mnist") + " (from "
                + "https://github.com/zalandoresearch/fashion-mnist), or pass --data DIR"), message);
    }

    @Test
    void imagesWithoutLabelsAreNamed() throws IOException {
        TestData.writeMnist(dir, "t10k", 3, 2, 2, false);
        Files.delete(dir.resolve("t10k-labels-idx1-ubyte"));
        assertEquals("MNIST test labels (t10k-labels-idx1-ubyte or t10k-labels-idx1-ubyte.gz) are missing from "
                + dir + ", which has the images; put both files there", error(mnist("test", false, null), null, dir));
    }

    @Test
    void unknownSplitIsNamed() {
        assertEquals("unknown MNIST split \"valid\": use \"train\" or \"test\"",
                error(mnist("valid", false, null), null, null));
    }

    @Test
    void csvIsFoundAboveTheNnetFileOrInTheDataFolder() {
        DataSpec.Csv spec = new DataSpec.Csv("data/diabetes.csv", -1, true, false, List.of());
        assertEquals(768, Datasets.open(spec, TestData.repoRoot().resolve("samples/basics"), null).size());
        // With --data, the path is taken inside it, or its file name is.
        assertEquals(768, Datasets.open(spec, null, TestData.repoRoot()).size());
        assertEquals(768, Datasets.open(spec, null, TestData.repoRoot().resolve("data")).size());
    }

    @Test
    void missingCsvListsWhereItLooked() {
        String message = error(new DataSpec.Csv("nope.csv", -1, true, false, List.of()), null, dir);
        assertEquals("CSV file nope.csv not found; looked for:\n  " + dir.resolve("nope.csv") + "\nGive the path "
                + "relative to the working directory or to the .nnet file, or pass --data DIR with the folder that "
                + "holds it", message);
    }

    @Test
    void generatedAndInlineDataNeedNoFiles() {
        assertEquals(400, Datasets.open(new DataSpec.PlanarFlower(400, 1), null, null).size());
        Dataset inline = Datasets.open(new DataSpec.Tensors(new float[] {1, 2}, new int[] {2, 1},
                new float[] {2, 4}, new int[] {2, 1}, false), null, null);
        assertInstanceOf(ArrayDataset.class, inline);
        assertEquals(2, inline.size());
    }

    @Test
    void aFolderWhereTheCsvFileShouldBeIsSaidSo() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("diabetes.csv"));
        DataSpec spec = new DataSpec.Csv(folder.toString(), -1, true, false, List.of());
        String message = assertThrows(DataException.class, () -> Datasets.open(spec, null, null)).getMessage();
        assertEquals(folder + " is a folder, not a CSV file; give the path of the file in it", message);
    }
}
