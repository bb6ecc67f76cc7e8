package dev.nnet.parity;

import dev.nnet.runtime.Batch;
import dev.nnet.runtime.TrainSpec;
import dev.nnet.runtime.data.DataSpec;
import dev.nnet.runtime.data.Loader;
import dev.nnet.runtime.data.Mnist;
import dev.nnet.runtime.data.Transform;
import dev.nnet.runtime.io.Safetensors;
import dev.nnet.runtime.io.SafetensorsFile;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/** The batches of parity runs, step by step, exactly as the fixture script fed them to PyTorch. */
final class ParityBatches {
    /** MNIST images (and labels) the fixtures use at most: 20 steps of 32 (networks with a conv2d layer; 8 else). */
    private static final int MNIST_SAMPLES = 640;
    private static final int IMAGE_BYTES = 28 * 28;

    private final Path images;
    private final Path labels;
    private final Map<List<Transform>, Mnist> mnist = new HashMap<>();

    /**
     * Writes the first MNIST training samples of {@code repoRoot/data/mnist} as raw IDX files into
     * {@code workDir}, so each transform chain reads 640 images instead of unzipping 60,000.
     */
    ParityBatches(Path repoRoot, Path workDir) {
        Path mnistDir = repoRoot.resolve("data/mnist");
        try {
            Files.createDirectories(workDir);
            images = workDir.resolve("train-images-idx3-ubyte");
            labels = workDir.resolve("train-labels-idx1-ubyte");
            Files.write(images, idxPrefix(mnistDir.resolve("train-images-idx3-ubyte.gz"), 0x803, 16, IMAGE_BYTES));
            Files.write(labels, idxPrefix(mnistDir.resolve("train-labels-idx1-ubyte.gz"), 0x801, 8, 1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The header (with the count cut to {@link #MNIST_SAMPLES}) and first samples of a gzip IDX file. */
    private static byte[] idxPrefix(Path gz, int magic, int headerBytes, int sampleBytes) throws IOException {
        try (DataInputStream in = new DataInputStream(new GZIPInputStream(Files.newInputStream(gz)))) {
            byte[] out = new byte[headerBytes + MNIST_SAMPLES * sampleBytes];
            in.readFully(out);
            ByteBuffer header = ByteBuffer.wrap(out);
            if (header.getInt(0) != magic || header.getInt(4) < MNIST_SAMPLES) {
                throw new IllegalStateException(gz + " is not an IDX file of at least " + MNIST_SAMPLES + " samples");
            }
            header.putInt(4, MNIST_SAMPLES);
            return out;
        }
    }

    /**
     * MNIST fixtures go through the runtime's own pipeline: {@link Mnist} with the transforms nnet compiled from
     * the sample's data statement, cut by a {@link Loader} in file order. ({@code fashion_mnist} samples get the
     * MNIST images, as the fixture did: Fashion-MNIST is not shipped.) The others read {@code batches.safetensors}.
     */
    List<Batch> of(ParityFixture fixture, TrainSpec spec) {
        if (fixture.batches().equals(ParityFixture.MNIST_TRAIN)) {
            DataSpec data = spec.data().get(spec.trainData());
            if (!(data instanceof DataSpec.Mnist m) || !m.split().equals("train")) {
                throw new AssertionError(fixture.stem() + ": the fixture trains on MNIST's training split, but the "
                        + "sample's train data is " + data);
            }
            Mnist set = mnist.computeIfAbsent(m.transforms(), transforms -> Mnist.read(images, labels, transforms));
            Loader loader = new Loader(set, fixture.batch(), false, false);
            loader.startEpoch(null);
            List<Batch> out = new ArrayList<>();
            for (int k = 0; k < fixture.steps(); k++) {
                Batch b = loader.newBatch();
                if (!loader.next(b)) {
                    throw new AssertionError("MNIST ran out of batches at step " + k);
                }
                out.add(b);
            }
            return out;
        }
        if (!fixture.batches().equals(ParityFixture.BATCHES_FILE)) {
            throw new IllegalStateException(fixture.folder() + "/meta.json: unknown batches \"" + fixture.batches()
                    + "\"");
        }
        SafetensorsFile file = Safetensors.read(fixture.folder().resolve(ParityFixture.BATCHES_FILE));
        float[] x = file.floats("x");
        float[] y = file.floats("y");
        int[] xShape = file.shape("x");
        int[] yShape = file.shape("y");
        if (xShape[0] != fixture.steps() || xShape[1] != fixture.batch() || yShape[0] != fixture.steps()
                || yShape[1] != fixture.batch()) {
            throw new IllegalStateException(fixture.folder() + "/" + ParityFixture.BATCHES_FILE + ": x "
                    + Arrays.toString(xShape) + ", y " + Arrays.toString(yShape) + " are not [steps, batch, ...]");
        }
        int features = x.length / (fixture.steps() * fixture.batch());
        int targets = y.length / (fixture.steps() * fixture.batch());
        List<Batch> out = new ArrayList<>();
        for (int k = 0; k < fixture.steps(); k++) {
            Batch b = new Batch(fixture.batch(), features, targets, false);
            System.arraycopy(x, k * b.x.length, b.x, 0, b.x.length);
            System.arraycopy(y, k * b.yFloat.length, b.yFloat, 0, b.yFloat.length);
            b.n = fixture.batch();
            out.add(b);
        }
        return out;
    }
}
