package dev.nnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnet.cli.NnetCommandTest.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cifar10("test")} end to end: a CNN trained by {@code nnet train --data DIR} on a test batch written here in
 * CIFAR-10's binary format (10,000 records, 1,000 of each class, no real CIFAR data), whose label is readable from
 * the red plane, so one epoch must leave the model better than chance.
 */
class Cifar10TrainCommandTest {
    private static final String PROGRAM = """
            model Cnn {
              input x: [N, 3, 32, 32]
              conv = conv2d(3, 4, kernel=4, stride=4)
              fc = linear(256, 10)
              forward(x) { return fc(flatten(relu(conv(x)))) }
            }
            train Cnn {
              data train = cifar10("test", normalize(0.5, 0.5))
              data test = cifar10("test", normalize(0.5, 0.5))
              batch 100 shuffle
              loss cross_entropy
              optimizer adam(lr=0.01)
              epochs 1
              evaluate test every epoch: accuracy
            }
            """;

    @TempDir
    Path dir;

    @Test
    void trainsOnAGeneratedTestBatch() throws IOException {
        byte[] batch = new byte[10_000 * 3073];
        java.util.SplittableRandom random = new java.util.SplittableRandom(5);
        for (int r = 0; r < 10_000; r++) {
            int label = r % 10;
            int at = r * 3073;
            batch[at] = (byte) label;
            for (int p = 0; p < 3072; p++) {
                // The red plane's brightness says the class; green and blue are noise.
                batch[at + 1 + p] = (byte) (p < 1024 ? 20 + 23 * label + random.nextInt(8) : random.nextInt(256));
            }
        }
        Path data = Files.createDirectories(dir.resolve("cifar"));
        Files.write(data.resolve("test_batch.bin"), batch);
        Path nnet = Files.writeString(dir.resolve("cifar.nnet"), PROGRAM);
        Run r = NnetCommandTest.nnet("train", nnet.toString(), "--data", data.toString());
        assertEquals(0, r.status(), r.err());
        // "Test set: Accuracy: 9719/10000 (97.2%)"
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("Accuracy: (\\d+)/10000").matcher(r.out());
        assertTrue(m.find(), r.out());
        assertTrue(Integer.parseInt(m.group(1)) > 5_000, "after one epoch (chance is 1,000): " + r.out());
    }
}
