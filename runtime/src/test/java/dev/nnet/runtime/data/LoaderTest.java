package dev.nnet.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnet.runtime.Batch;
import dev.nnet.runtime.Rng;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoaderTest {
    @TempDir
    Path dir;

    /** {@code n} samples whose single feature is the sample index (and whose target is twice that). */
    private static ArrayDataset indices(int n) {
        float[] x = new float[n];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = i;
            y[i] = 2 * i;
        }
        return new ArrayDataset("indices", n, new int[] {1}, x, y, 1, null, List.of());
    }

    /** The sample indices of every batch of one epoch. */
    private static List<int[]> epoch(Loader loader, Rng rng) {
        Batch b = loader.newBatch();
        loader.startEpoch(rng);
        List<int[]> batches = new ArrayList<>();
        while (loader.next(b)) {
            int[] ids = new int[b.n];
            for (int k = 0; k < b.n; k++) {
                ids[k] = (int) b.x[k];
                assertEquals(2 * b.x[k], b.yFloat[k]);
            }
            batches.add(ids);
        }
        return batches;
    }

    @Test
    void batchesInOrderKeepTheLastPartialBatch() {
        Loader loader = new Loader(indices(10), 4, false, false);
        assertEquals(3, loader.batchesPerEpoch());
        List<int[]> batches = epoch(loader, null);
        assertEquals(3, batches.size());
        assertArrayEquals(new int[] {0, 1, 2, 3}, batches.get(0));
        assertArrayEquals(new int[] {4, 5, 6, 7}, batches.get(1));
        assertArrayEquals(new int[] {8, 9}, batches.get(2));
        assertEquals(4, loader.newBatch().capacity());
    }

    @Test
    void dropLastDropsThePartialBatch() {
        Loader loader = new Loader(indices(10), 4, false, true);
        assertEquals(2, loader.batchesPerEpoch());
        List<int[]> batches = epoch(loader, null);
        assertEquals(2, batches.size());
        assertArrayEquals(new int[] {4, 5, 6, 7}, batches.get(1));
        Loader exact = new Loader(indices(8), 4, false, true);
        assertEquals(2, epoch(exact, null).size());
    }

    @Test
    void batchZeroIsTheWholeSet() {
        Loader loader = new Loader(indices(7), 0, false, false);
        assertEquals(1, loader.batchesPerEpoch());
        assertEquals(7, loader.batchSize());
        List<int[]> batches = epoch(loader, null);
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6}, batches.get(0));
        // A batch larger than the data set is one partial batch, sized to the set.
        Loader large = new Loader(indices(7), 64, false, false);
        assertEquals(7, large.newBatch().capacity());
        assertEquals(1, epoch(large, null).size());
    }

    @Test
    void dropLastWithTooFewSamplesIsAnError() {
        DataException e = assertThrows(DataException.class, () -> new Loader(indices(50), 64, true, true));
        assertEquals("batch 64 drop_last leaves no batch: the data set has only 50 samples; use a smaller batch or "
                + "drop drop_last", e.getMessage());
    }

    @Test
    void shuffleIsASeededPermutationThatChangesEveryEpoch() {
        Loader loader = new Loader(indices(100), 32, true, false);
        Rng rng = new Rng(42);
        int[] first = flatten(epoch(loader, rng));
        int[] second = flatten(epoch(loader, rng));
        int[] sorted = first.clone();
        Arrays.sort(sorted);
        int[] identity = new int[100];
        Arrays.setAll(identity, i -> i);
        assertArrayEquals(identity, sorted, "an epoch visits every sample exactly once");
        int[] secondSorted = second.clone();
        Arrays.sort(secondSorted);
        assertArrayEquals(identity, secondSorted);
        assertFalse(Arrays.equals(identity, first));
        assertFalse(Arrays.equals(first, second));
        // The same seed gives the same orders; another seed another.
        Rng again = new Rng(42);
        assertArrayEquals(first, flatten(epoch(loader, again)));
        assertArrayEquals(second, flatten(epoch(loader, again)));
        assertNotEquals(Arrays.toString(first), Arrays.toString(flatten(epoch(loader, new Rng(43)))));
    }

    /** An epoch's order depends on the generator state alone (what a checkpoint saves), not on earlier epochs. */
    @Test
    void shuffleDependsOnlyOnTheGeneratorState() {
        Loader loader = new Loader(indices(50), 8, true, false);
        Rng rng = new Rng(5);
        epoch(loader, rng);
        long[] state = rng.state();
        int[] expected = flatten(epoch(loader, rng));
        Loader fresh = new Loader(indices(50), 8, true, false);
        Rng resumed = new Rng(0);
        resumed.setState(state);
        assertArrayEquals(expected, flatten(epoch(fresh, resumed)));
    }

    /** Fisher-Yates written out here, drawing j = nextInt(i + 1) from the top down. */
    @Test
    void shuffleIsFisherYatesOverTheIdentity() {
        Loader loader = new Loader(indices(20), 0, true, false);
        int[] order = flatten(epoch(loader, new Rng(9)));
        int[] expected = new int[20];
        Arrays.setAll(expected, i -> i);
        Rng rng = new Rng(9);
        for (int i = 19; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = expected[i];
            expected[i] = expected[j];
            expected[j] = t;
        }
        assertArrayEquals(expected, order);
    }

    @Test
    void anEmptyDataSetIsAnError() {
        ArrayDataset empty = new ArrayDataset("empty", 0, new int[] {1}, new float[0], new float[0], 1, null,
                List.of());
        assertThrows(DataException.class, () -> new Loader(empty, 0, false, false));
    }

    @Test
    void nextBeforeStartEpochIsAnError() {
        Loader loader = new Loader(indices(3), 2, false, false);
        assertThrows(IllegalStateException.class, () -> loader.next(loader.newBatch()));
    }

    @Test
    void aBatchForOtherDataIsRejected() {
        Loader loader = new Loader(indices(3), 2, false, false);
        loader.startEpoch(null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> loader.next(new Batch(2, 5, 1, false)));
        assertTrue(e.getMessage().contains("does not fit"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> loader.next(new Batch(1, 1, 1, false)));
    }

    /**
     * Measured in windows of 10 epochs after a warm-up: the JIT resolves classes and recompiles for a while,
     * allocating a few bytes at moments that vary from run to run, so the test asks for one clean window. Code
     * that allocates per batch or per epoch can never produce one.
     */
    @Test
    void nextAndFillAllocateNothingOnceWarm() throws IOException {
        Path images = TestData.writeMnist(dir, "train", 100, 28, 28, true);
        Mnist mnist = Mnist.read(images, dir.resolve("train-labels-idx1-ubyte.gz"),
                List.of(new Transform.Normalize(0.1307f, 0.3081f), new Transform.Pad(2), new Transform.Scale(0.5f)));
        float[] x = new float[64 * 3];
        float[] y = new float[64];
        ArrayDataset floats = new ArrayDataset("floats", 64, new int[] {3}, x, y, 1, null,
                List.of(new Transform.Normalize(1f, 2f)));
        Loader[] loaders = {new Loader(mnist, 16, true, false), new Loader(floats, 10, true, true)};
        Batch[] batches = {loaders[0].newBatch(), loaders[1].newBatch()};
        Rng rng = new Rng(1);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        assertEquals(100 * (100 + 60), runEpochs(loaders, batches, rng, 100));
        threads.getThreadAllocatedBytes(thread); // its first call may allocate
        long[] windows = new long[50];
        int measured = 0;
        while (measured < windows.length && (measured == 0 || windows[measured - 1] != 0)) {
            long before = threads.getThreadAllocatedBytes(thread);
            runEpochs(loaders, batches, rng, 10);
            windows[measured++] = threads.getThreadAllocatedBytes(thread) - before;
        }
        assertEquals(0, windows[measured - 1], "bytes allocated by windows of 10 epochs of next + fill: "
                + Arrays.toString(Arrays.copyOf(windows, measured)));
    }

    private static long runEpochs(Loader[] loaders, Batch[] batches, Rng rng, int epochs) {
        long samples = 0;
        for (int e = 0; e < epochs; e++) {
            for (int l = 0; l < loaders.length; l++) {
                loaders[l].startEpoch(rng);
                while (loaders[l].next(batches[l])) {
                    samples += batches[l].n;
                }
            }
        }
        return samples;
    }

    private static int[] flatten(List<int[]> batches) {
        return batches.stream().flatMapToInt(Arrays::stream).toArray();
    }
}
