package dev.nnet.lsp;

import static dev.nnet.lsp.CompletionsTest.labels;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Completion with no prefix, right after a train setting's keyword, in a whole file as an editor holds it (lines
 * follow the cursor): what may follow that keyword, and not the other settings' keywords or flags.
 */
class CompletionAfterSettingTest {
    private static final String MODEL = """
            model Net {
              input x: [N, 1, 28, 28]
              conv1 = conv2d(1, 10, kernel=5)
              fc = linear(1440, 10)
              forward(x) {
                x = relu(max_pool2d(conv1(x), 2))
                return fc(flatten(x))
              }
            }
            """;

    /** A train block with {@code |} at the cursor, on the line {@code line}, and settings after it. */
    private static List<String> at(String line) {
        return labels(MODEL + "train Net {\n  data train = mnist(\"train\")\n  batch 64 shuffle\n  " + line
                + "\n  epochs 1\n  checkpoint \"net.safetensors\"\n}\n");
    }

    private static void onlyFrom(List<String> labels, List<String> expected, String what) {
        assertTrue(labels.containsAll(expected), what + ": " + labels);
        for (String setting : List.of("data", "batch", "epochs", "shuffle", "drop_last", "checkpoint", "evaluate")) {
            assertFalse(labels.contains(setting), what + " offers the setting `" + setting + "`: " + labels);
        }
    }

    @Test
    void afterLossTheLosses() {
        onlyFrom(at("loss |"), List.of("cross_entropy", "nll", "mse", "bce", "bce_with_logits"), "loss");
        onlyFrom(at("loss |\n  optimizer sgd(lr=0.1)"), List.of("cross_entropy", "mse"), "loss, optimizer below");
        assertFalse(at("loss |").contains("sgd"), "an optimizer is not a loss");
    }

    @Test
    void atTheEndOfAnUnfinishedFileToo() {
        String head = MODEL + "train Net {\n  data train = mnist(\"train\")\n  batch 64 shuffle\n  ";
        onlyFrom(labels(head + "loss |"), List.of("cross_entropy", "mse"), "loss at the end");
        onlyFrom(labels(head + "optimizer |"), List.of("sgd", "adam"), "optimizer at the end");
        onlyFrom(labels((head + "loss |").replace("\n", "\r\n")), List.of("cross_entropy"), "loss, CRLF");
    }

    @Test
    void afterOptimizerTheOptimizers() {
        List<String> labels = at("optimizer |");
        onlyFrom(labels, List.of("sgd", "adam", "rmsprop"), "optimizer");
        assertFalse(labels.contains("mse"), "a loss is not an optimizer: " + labels);
    }

    @Test
    void afterDataNameEqualsTheDataSources() {
        List<String> labels = at("data test = |");
        onlyFrom(labels, List.of("mnist", "fashion_mnist", "csv", "tensors"), "data X =");
        assertFalse(labels.contains("normal"), "an initializer is not a data source: " + labels);
    }

    @Test
    void afterInitTheLayersThenTheirParametersThenTheInitializers() {
        List<String> layers = at("init |");
        assertEquals(List.of("conv1", "fc"), layers.stream().sorted().toList(), "init: the model's layers");
        assertEquals(List.of("weight", "bias"), at("init fc.|"), "init fc.: its parameters");
        assertEquals(List.of("weight", "bias"), at("init conv1.|"), "init conv1.: its parameters");
        List<String> initializers = at("init fc.weight = |");
        onlyFrom(initializers, List.of("normal", "zeros"), "init fc.weight =");
        assertFalse(initializers.contains("mnist"), "a data source is not an initializer: " + initializers);
    }
}
