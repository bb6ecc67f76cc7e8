package dev.nnet.parity;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.nnet.runtime.io.Safetensors;
import dev.nnet.runtime.io.SafetensorsFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One network's PyTorch parity fixture, {@code compiler/src/test/resources/parity/<stem>/} as
 * {@code tools/parity/make_fixtures.py} writes it (format: {@code tools/parity/README.md}).
 *
 * @param sample  the seed's {@code .nnet} file, relative to the repository root
 * @param batch   samples per step
 * @param batches {@code mnist-train} (MNIST training images in file order) or {@code batches.safetensors}
 * @param init    {@code counter-uniform} ({@link CounterInit}) or {@code init.safetensors}
 * @param seed    the seed of the counter-based initialization
 * @param grid    the step of the stored final weights ({@link GridDeltas})
 * @param runs    per optimizer name ({@code sgd}, {@code adam}), in file order
 */
record ParityFixture(String stem, Path folder, String sample, int steps, int batch, String batches, String init,
                     long seed, List<TensorSpec> tensors, double grid, Map<String, Run> runs) {
    static final String COUNTER_INIT = "counter-uniform";
    static final String INIT_FILE = "init.safetensors";
    static final String MNIST_TRAIN = "mnist-train";
    static final String BATCHES_FILE = "batches.safetensors";

    /** A parameter as PyTorch's {@code state_dict} has it, and its init bound (NaN unless counter-initialized). */
    record TensorSpec(String name, int[] shape, double initBound) {
        int size() {
            int n = 1;
            for (int d : shape) {
                n *= d;
            }
            return n;
        }
    }

    /**
     * Twenty steps with one optimizer: its nnet statement, PyTorch's loss before each step, and the file of its
     * final weights.
     */
    record Run(String optimizer, String statement, double[] losses, String finalFile) {
    }

    static ParityFixture read(Path folder) {
        JsonObject meta;
        try {
            meta = JsonParser.parseString(Files.readString(folder.resolve("meta.json"))).getAsJsonObject();
        } catch (IOException e) {
            throw new UncheckedIOException(folder + ": no readable meta.json", e);
        }
        List<TensorSpec> tensors = new ArrayList<>();
        for (JsonElement e : meta.getAsJsonArray("tensors")) {
            JsonObject t = e.getAsJsonObject();
            JsonArray dims = t.getAsJsonArray("shape");
            int[] shape = new int[dims.size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = dims.get(i).getAsInt();
            }
            double bound = t.has("init_bound") ? t.get("init_bound").getAsDouble() : Double.NaN;
            tensors.add(new TensorSpec(t.get("name").getAsString(), shape, bound));
        }
        Map<String, Run> runs = new LinkedHashMap<>();
        runs.put("sgd", run(meta, "sgd"));
        runs.put("adam", run(meta, "adam"));
        return new ParityFixture(folder.getFileName().toString(), folder, meta.get("sample").getAsString(),
                meta.get("steps").getAsInt(), meta.get("batch").getAsInt(), meta.get("batches").getAsString(),
                meta.get("init").getAsString(), meta.has("init_seed") ? meta.get("init_seed").getAsLong() : 0,
                List.copyOf(tensors), meta.get("grid").getAsDouble(), runs);
    }

    private static Run run(JsonObject meta, String optimizer) {
        JsonObject o = meta.getAsJsonObject(optimizer);
        String statement;
        if (optimizer.equals("sgd")) {
            statement = "sgd(lr=" + num(o, "lr") + ", momentum=" + num(o, "momentum") + ")";
        } else {
            JsonArray betas = o.getAsJsonArray("betas");
            statement = "adam(lr=" + num(o, "lr") + ", betas=(" + ParityTrainers.number(betas.get(0).getAsDouble())
                    + ", " + ParityTrainers.number(betas.get(1).getAsDouble()) + "), eps=" + num(o, "eps") + ")";
        }
        JsonArray values = o.getAsJsonArray("losses");
        double[] losses = new double[values.size()];
        for (int i = 0; i < losses.length; i++) {
            losses[i] = values.get(i).getAsDouble();
        }
        return new Run(optimizer, statement, losses, o.get("final").getAsString());
    }

    private static String num(JsonObject o, String key) {
        return ParityTrainers.number(o.get(key).getAsDouble());
    }

    /** The starting weights, one array per tensor in {@code state_dict} order. */
    float[][] initialWeights() {
        float[][] out = new float[tensors.size()][];
        if (init.equals(COUNTER_INIT)) {
            for (int t = 0; t < out.length; t++) {
                out[t] = CounterInit.uniform(seed, t, tensors.get(t).size(), tensors.get(t).initBound());
            }
        } else if (init.equals(INIT_FILE)) {
            SafetensorsFile file = Safetensors.read(folder.resolve(INIT_FILE));
            for (int t = 0; t < out.length; t++) {
                out[t] = file.floats(tensors.get(t).name());
            }
        } else {
            throw new IllegalStateException(folder + "/meta.json: unknown init \"" + init + "\"");
        }
        return out;
    }

    /** PyTorch's final weights after {@code run}, within {@code grid / 2}, one array per tensor. */
    double[][] finalWeights(Run run, float[][] initial) {
        return GridDeltas.read(folder.resolve(run.finalFile()), initial, grid);
    }
}
