package dev.nnet.cli;

import static dev.nnet.cli.NnetCommandTest.nnet;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnet.plot.MetricsFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code nnet plot} and {@code nnet train --plot}: real images from real runs, and a curve without saw-teeth. */
class PlotCommandTest {
    @TempDir
    Path dir;

    /**
     * Sixteen equal samples in batches of four: every batch is the same, so with a small learning rate the loss
     * falls at every step, and so must the curve the plot draws, across epoch ends too. (When the epoch's mean was
     * logged as the step loss, each epoch ended with a jump up: the saw-tooth.)
     */
    private static final String FALLING = """
            model Line {
              input x: [N, 1]
              fc = linear(1, 1)
              forward(x) { return fc(x) }
            }
            train Line {
              data train = tensors(x=[[1.0], [1.0], [1.0], [1.0], [1.0], [1.0], [1.0], [1.0],
                                      [1.0], [1.0], [1.0], [1.0], [1.0], [1.0], [1.0], [1.0]],
                                   target=[[2.0], [2.0], [2.0], [2.0], [2.0], [2.0], [2.0], [2.0],
                                           [2.0], [2.0], [2.0], [2.0], [2.0], [2.0], [2.0], [2.0]])
              batch 4
              loss mse
              optimizer sgd(lr=0.01)
              epochs 5
              seed 3
              log every 3 batches
              evaluate train every epoch: loss
            }
            """;

    @Test
    void aTrainedRunsCurveFallsAcrossEpochEndsAndIsDrawn() throws IOException {
        Path source = Files.writeString(dir.resolve("line.nnet"), FALLING);
        Path metrics = dir.resolve("metrics.jsonl");
        Path png = dir.resolve("curves.png");
        NnetCommandTest.Run train = nnet("train", source.toString(), "--metrics", metrics.toString(),
                "--plot", png.toString());
        assertEquals(0, train.status(), train.err());
        assertTrue(train.out().contains("Curves: " + png), train.out());

        MetricsFile curves = MetricsFile.read(metrics);
        List<MetricsFile.Point> loss = curves.trainLoss();
        assertEquals(10, loss.size(), "per epoch: after batch 3, and the tail at batch 4");
        for (int i = 1; i < loss.size(); i++) {
            assertTrue(loss.get(i).value() < loss.get(i - 1).value(), "step " + loss.get(i).step() + ": "
                    + loss.get(i).value() + " after " + loss.get(i - 1).value() + " (a saw-tooth)");
        }
        assertEquals(List.of(4L, 8L, 12L, 16L, 20L), curves.epochLoss().stream().map(MetricsFile.Point::step).toList());
        assertEquals(5, curves.evalLoss().get("train").size());

        byte[] image = Files.readAllBytes(png);
        assertTrue(image.length > 10_000 && image[1] == 'P' && image[2] == 'N' && image[3] == 'G', "a PNG");

        Path svg = dir.resolve("out/curves.svg");
        NnetCommandTest.Run plot = nnet("plot", metrics.toString(), "-o", svg.toString(), "--title", "line");
        assertEquals(0, plot.status(), plot.err());
        String text = Files.readString(svg, StandardCharsets.UTF_8);
        assertTrue(text.contains("<svg") && text.contains("epoch mean loss") && text.contains("train loss"), text);
    }

    @Test
    void evaluationsSitAtTheEndOfTheirEpoch() {
        MetricsFile m = MetricsFile.parse("m.jsonl", List.of(
                "{\"event\":\"train\",\"epoch\":1,\"batch\":300,\"step\":300,\"loss\":0.6}",
                "{\"event\":\"train\",\"epoch\":1,\"batch\":469,\"step\":469,\"loss\":0.3}",
                "{\"event\":\"epoch\",\"epoch\":1,\"batch\":469,\"step\":469,\"loss\":0.5}",
                "{\"event\":\"eval\",\"epoch\":1,\"data\":\"test\",\"accuracy\":97.5,\"correct\":9750,\"count\":10000}",
                "{\"event\":\"train\",\"epoch\":2,\"batch\":300,\"step\":769,\"loss\":null,\"note\":\"loss was NaN\"}",
                "",
                "{\"event\":\"something new\",\"step\":1}"));
        assertEquals(List.of(new MetricsFile.Point(300, 0.6), new MetricsFile.Point(469, 0.3)), m.trainLoss());
        assertEquals(Map.of("test", List.of(new MetricsFile.Point(469, 97.5))), m.evalAccuracy());
        assertTrue(m.evalLoss().isEmpty());
    }

    @Test
    void badInputIsOneLineNotAStackTrace() throws IOException {
        Path log = Files.writeString(dir.resolve("m.jsonl"), "{\"event\":\"train\",\"step\":1,\"loss\":1}\noops\n");
        NnetCommandTest.Run run = nnet("plot", log.toString(), "-o", dir.resolve("c.png").toString());
        assertEquals(1, run.status());
        assertEquals("nnet: error: " + log + ":2: not a JSON object: oops\n(expected the JSON lines `nnet train "
                + "--metrics FILE` writes)\n", run.err());

        run = nnet("plot", log.toString(), "-o", dir.resolve("c.jpg").toString());
        assertEquals(1, run.status());
        assertEquals("nnet: error: cannot tell the image format of '" + dir.resolve("c.jpg") + "': name it .png or "
                + ".svg\n", run.err());

        Path empty = Files.writeString(dir.resolve("empty.jsonl"), "");
        run = nnet("plot", empty.toString(), "-o", dir.resolve("c.png").toString());
        assertEquals("nnet: error: nothing to plot: the metrics log has no train, epoch or eval events yet\n",
                run.err());

        run = nnet("plot", dir.resolve("none.jsonl").toString(), "-o", dir.resolve("c.png").toString());
        assertEquals("nnet: error: cannot read '" + dir.resolve("none.jsonl") + "': no such file\n", run.err());

        run = nnet("plot", log.toString(), "-o", dir.resolve("c.png").toString(), "--size", "9x9");
        assertEquals(2, run.status());
        assertTrue(run.err().startsWith("nnet: --size takes WIDTHxHEIGHT"), run.err());
    }
}
