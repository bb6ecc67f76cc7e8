package dev.nnet.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnet.runtime.CompiledTrainer;
import dev.nnet.runtime.Tensor;
import dev.nnet.runtime.TrainSpec;
import dev.nnet.samples.mnist.lenet.Net;
import dev.nnet.samples.mnist.mnist_cnn.NetTrainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every feed-forward sample is compiled by the plugin into its own package, with a model class and a trainer. */
class GeneratedSamplesTest {
    private static final Path SAMPLES = Path.of(System.getProperty("nnet.samplesDir", "."));
    private static final Pattern MODEL = Pattern.compile("(?m)^model (\\w+)");

    /** {@code basics/linear-regression.nnet} holds model {@code LinearModel}: the plugin's per-file packages. */
    private static List<String[]> samples() throws IOException {
        List<String[]> found = new ArrayList<>();
        for (String dir : List.of("basics", "mnist")) {
            try (Stream<Path> files = Files.list(SAMPLES.resolve(dir))) {
                for (Path f : files.filter(p -> p.toString().endsWith(".nnet")).sorted().toList()) {
                    Matcher m = MODEL.matcher(Files.readString(f));
                    assertTrue(m.find(), f + " declares a model");
                    String file = f.getFileName().toString().replace(".nnet", "").replace('-', '_');
                    found.add(new String[] {"dev.nnet.samples." + dir + "." + file, m.group(1)});
                }
            }
        }
        return found;
    }

    @Test
    void everySampleHasAModelClassAndATrainerWithItsSpec() throws Exception {
        List<String[]> samples = samples();
        assertTrue(samples.size() >= 17, "the seeds in basics/ and mnist/: " + samples.size());
        for (String[] s : samples) {
            Class<?> model = Class.forName(s[0] + "." + s[1]);
            Class<?> trainer = Class.forName(s[0] + "." + s[1] + "Trainer");
            assertTrue(CompiledTrainer.class.isAssignableFrom(trainer), trainer.getName());
            assertEquals(s[1], ((TrainSpec) trainer.getField("SPEC").get(null)).model(), trainer.getName());
            assertEquals(model, trainer.getField("model").getType());
        }
    }

    @Test
    void cnnParametersKeepPyTorchNamesAndLayouts() {
        List<Tensor> params = new NetTrainer(1).parameters();
        assertEquals(List.of("conv1.weight", "conv1.bias", "conv2.weight", "conv2.bias", "fc.weight", "fc.bias"),
                params.stream().map(Tensor::name).toList());
        assertArrayEquals(new int[] {10, 1, 5, 5}, params.get(0).shape());
        assertArrayEquals(new int[] {20, 10, 5, 5}, params.get(2).shape());
        assertArrayEquals(new int[] {10, 320}, params.get(4).shape());
    }

    @Test
    void leNetInfersOnABatchWithThePlainJavaApi() {
        Net net = new Net(2);
        // Zero weights except the last layer's biases: every image must score exactly those biases.
        Tensor lastBias = net.parameters().get(net.parameters().size() - 1);
        assertEquals("fc3.bias", lastBias.name());
        for (int i = 0; i < 10; i++) {
            lastBias.data()[i] = i * 0.5f;
        }
        float[] images = new float[2 * 32 * 32];
        java.util.Arrays.fill(images, 1f);
        float[] scores = net.predict(2, images);
        for (int n = 0; n < 2; n++) {
            for (int i = 0; i < 10; i++) {
                assertEquals(i * 0.5f, scores[n * 10 + i], 0f, "image " + n + ", class " + i);
            }
        }
    }
}
