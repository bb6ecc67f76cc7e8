package dev.nnet.parity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.nnet.runtime.Batch;
import dev.nnet.runtime.CompiledTrainer;
import dev.nnet.runtime.Rng;
import dev.nnet.runtime.Tensor;
import dev.nnet.runtime.data.Dataset;
import dev.nnet.runtime.data.Datasets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The name classifier (embedding -> bidirectional 2-layer GRU over packed sequences -> linear) returns PyTorch's
 * loss at each of 20 Adam steps from the same start on the same batches, within {@code 1e-6 + 1e-4·|b|}. The
 * fixture is {@code tools/parity/name_classifier_fixture.py}'s; the batches are the first 20 × 16 rows of
 * {@code data/names_train.csv.gz} in file order, read here through the runtime's {@code names(...)} data set.
 */
class NameClassifierParityTest {
    private static final Path ROOT = Path.of(System.getProperty("nnet.repoRoot", ".."));
    private static final Path FIXTURE = ROOT.resolve("compiler/src/test/resources/parity-recurrent/name-classifier.json");

    @TempDir
    Path work;

    @Test
    void twentyAdamStepsGivePyTorchsLosses() throws IOException {
        JsonObject fixture = JsonParser.parseString(Files.readString(FIXTURE)).getAsJsonObject();
        JsonObject adam = fixture.getAsJsonObject("adam");
        int batchSize = fixture.get("batch").getAsInt();
        int steps = fixture.get("steps").getAsInt();
        Path sample = ROOT.resolve(fixture.get("sample").getAsString());
        String optimizer = "adam(lr=" + ParityTrainers.number(adam.get("lr").getAsDouble()) + ", eps="
                + ParityTrainers.number(adam.get("eps").getAsDouble()) + ")";
        CompiledNetworks networks = CompiledNetworks.compile(List.of(new ParityTrainers.Request("name_classifier",
                sample, Files.readString(sample), batchSize, Map.of("adam", optimizer))), work);
        CompiledTrainer trainer = networks.get("name_classifier").create("adam", batchSize);

        JsonArray tensors = fixture.getAsJsonArray("tensors");
        List<Tensor> parameters = trainer.parameters();
        List<String> expectedNames = new ArrayList<>();
        tensors.forEach(t -> expectedNames.add(t.getAsJsonObject().get("name").getAsString()
                + t.getAsJsonObject().get("shape")));
        assertEquals(expectedNames, parameters.stream().map(p -> p.name() + Arrays.toString(p.shape())
                .replace(" ", "")).toList(), "nnet's parameters must be PyTorch's state_dict, in order");
        long seed = fixture.get("init_seed").getAsLong();
        for (int t = 0; t < parameters.size(); t++) {
            float[] start = CounterInit.uniform(seed, t, parameters.get(t).data().length,
                    tensors.get(t).getAsJsonObject().get("init_bound").getAsDouble());
            System.arraycopy(start, 0, parameters.get(t).data(), 0, start.length);
        }

        Dataset rows = Datasets.open(trainer.spec().data().get("train"), sample.getParent(), null);
        Batch batch = new Batch(batchSize, rows.featureSize(), 1, true);
        int[] order = new int[rows.size()];
        Arrays.setAll(order, i -> i);
        JsonArray losses = adam.getAsJsonArray("losses");
        Agreement agreement = new Agreement("name-classifier adam: losses");
        Rng rng = new Rng(0);
        for (int k = 0; k < steps; k++) {
            rows.fill(order, k * batchSize, batchSize, batch);
            float loss = trainer.trainStep(batch, rng);
            agreement.check(Agreement.LOSS, new int[] {steps}, k, loss, losses.get(k).getAsDouble(), 0);
        }
        assertTrue(agreement.ok(), agreement::details);
    }
}
