package dev.nnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code labels} in a train block: {@code nnet predict} names each predicted class and spells a sequence's string. */
class PredictLabelsTest {
    /**
     * "hello" -> "ohlol" as the seeds learn it, made learnable without recurrence: each row is the one-hot character
     * (e, h, l, o) followed by the one-hot position, so a linear layer can tell the two l's apart.
     */
    static final String HELLO = """
            model Net {
              input x: [N, 9]
              fc = linear(9, 4)
              forward(x) { return fc(x) }
            }
            train Net {
              data train = tensors(
                x=[[0.0, 1.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0], [1.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0],
                   [0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0], [0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0],
                   [0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 1.0]],
                target=[3, 1, 2, 3, 2])
              batch full
              loss cross_entropy
              labels "e", "h", "l", "o"
              optimizer adam(lr=0.1)
              epochs 100
              seed 1
            }
            """;

    @TempDir
    Path dir;

    @Test
    void predictPrintsEachPredictedClassesLabel() throws IOException {
        Path file = dir.resolve("hello.nnet");
        Files.writeString(file, HELLO);
        String ckpt = dir.resolve("hello.safetensors").toString();
        NnetCommandTest.Run train = NnetCommandTest.nnet("train", file.toString(), "--checkpoint", ckpt);
        assertEquals(0, train.status(), train.err());
        NnetCommandTest.Run predict = NnetCommandTest.nnet("predict", file.toString(), "--weights", ckpt, "--on",
                "train");
        assertEquals(0, predict.status(), predict.err());
        assertTrue(predict.out().startsWith("train[0]: class 3 (o)  ["), predict.out());
        assertTrue(predict.out().contains("(target class 3 (o))"), predict.out());
        assertTrue(predict.out().contains("train[4]: class 2 (l)  ["), predict.out());
        assertTrue(!predict.out().contains("predicted:"), "a row per sample is no sequence: " + predict.out());
    }

    @Test
    void helloRnnSpellsItsPredictedString() {
        // The seed's hello-rnn (one-hot "hello", [T, N, 4] sequence-first) trained longer than its 15 epochs.
        String sample = NnetCommandTest.ROOT.resolve("samples/recurrent/hello-rnn.nnet").toString();
        String ckpt = dir.resolve("hello-rnn.safetensors").toString();
        NnetCommandTest.Run train = NnetCommandTest.nnet("train", sample, "--epochs", "60", "--checkpoint", ckpt);
        assertEquals(0, train.status(), train.err());
        NnetCommandTest.Run predict = NnetCommandTest.nnet("predict", sample, "--weights", ckpt, "--on", "train");
        assertEquals(0, predict.status(), predict.err());
        assertEquals(6, predict.out().lines().count(), predict.out());
        assertTrue(predict.out().startsWith("train[0]: class 3 (o)  ["), predict.out());
        assertTrue(predict.out().contains("(target class 1 (h))"), predict.out());
        assertTrue(predict.out().endsWith("predicted: ohlol   (targets: ohlol)\n"), predict.out());
    }

    @Test
    void helloEmbeddingSpellsItsPredictedStringAfterItsOwnSchedule() {
        // Batch-first int[N, T] indices, one sample whose five targets are one per step.
        String sample = NnetCommandTest.ROOT.resolve("samples/recurrent/hello-embedding.nnet").toString();
        String ckpt = dir.resolve("hello-embedding.safetensors").toString();
        NnetCommandTest.Run train = NnetCommandTest.nnet("train", sample, "--checkpoint", ckpt);
        assertEquals(0, train.status(), train.err());
        NnetCommandTest.Run predict = NnetCommandTest.nnet("predict", sample, "--weights", ckpt, "--on", "train");
        assertEquals(0, predict.status(), predict.err());
        assertTrue(predict.out().contains("train[1]: class 1 (h)  ["), predict.out());
        assertTrue(predict.out().endsWith("predicted: ohlol   (targets: ohlol)\n"), predict.out());
    }

    @Test
    void labelsOfAnotherCountThanTheClassesAreE0221() throws IOException {
        Path file = dir.resolve("hello.nnet");
        Files.writeString(file, HELLO.replace("labels \"e\", \"h\", \"l\", \"o\"", "labels \"e\", \"h\", \"l\""));
        NnetCommandTest.Run check = NnetCommandTest.nnet("predict", file.toString(), "--on", "train");
        assertEquals(1, check.status(), check.out());
        assertTrue(check.err().startsWith("error[E0221]: 3 labels for 4 classes: model `Net` scores 4 classes"),
                check.err());
    }
}
