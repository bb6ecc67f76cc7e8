package dev.nnet.codegen.java;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnet.runtime.Batch;
import dev.nnet.runtime.Rng;
import dev.nnet.runtime.Tensor;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The generated model class's training API: {@code forward} in training mode, {@code backward} into the gradient
 * tensors, and their contract. Gradients are checked against the trainer's own fused step (with plain SGD at
 * lr = 1 a step subtracts exactly the gradient) and against finite differences of {@code predict}.
 */
class ModelApiTest {
    private static final Path ROOT = Path.of(System.getProperty("nnet.repoRoot", ".."));
    private static final int MAX_BATCH = 4;

    /** Lives as long as the class, so the compiled programs {@link GeneratedModel} caches stay loadable. */
    @TempDir
    static Path work;

    private static String read(String sample) throws IOException {
        return Files.readString(ROOT.resolve(sample));
    }

    /**
     * The sample with its optimizer replaced by SGD at lr = 1, no momentum: a step is p -= grad. Every test loads
     * samples this way, so each is compiled once.
     */
    private static String plainSgd(String text) {
        return text.replaceAll("optimizer [^\n]*", "optimizer sgd(lr=1.0)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"samples/basics/linear-regression.nnet", "samples/mnist/mnist-mlp-3.nnet",
            "samples/mnist/mnist-cnn.nnet", "samples/mnist/mnist-resnet.nnet", "samples/mnist/mnist-inception.nnet"})
    void forwardMatchesPredictAndBackwardMatchesTheTrainersStep(String sample) throws IOException {
        GeneratedModel m = GeneratedModel.load(sample, plainSgd(read(sample)), work, MAX_BATCH);
        boolean mnist = sample.contains("mnist");
        int outputs = mnist ? 10 : 1;
        Batch batch = batch(mnist ? 784 : 1, outputs, mnist, 3, new Random(7));
        m.trainer.initialize(new Rng(11));
        float[] predicted = Arrays.copyOf(m.predict(batch.n, batch.x), batch.n * outputs);
        float[] out = Arrays.copyOf(m.forward(batch.n, batch.x, new Rng(5)), predicted.length);
        assertClose(predicted, out, 1e-6, sample + ": forward without dropout is predict");
        assertTrainerAgrees(m, batch, out, sample);
    }

    @Test
    void dropoutIsActiveInForwardAndBackwardUsesItsMask() throws IOException {
        String source = "model Drop {\n  input x: [N, 6]\n  fc1 = linear(6, 12)\n  drop = dropout(0.5)\n"
                + "  fc2 = linear(12, 3)\n  forward(x) {\n    return fc2(drop(relu(fc1(x))))\n  }\n}\n"
                + "train Drop {\n  data train = tensors(x=[[1.0, 2.0, 3.0, 4.0, 5.0, 6.0]], target=[2])\n"
                + "  batch 4\n  loss cross_entropy\n  optimizer sgd(lr=1.0)\n  epochs 1\n}\n";
        GeneratedModel m = GeneratedModel.load("drop.nnet", source, work, MAX_BATCH);
        Batch batch = batch(6, 3, true, 4, new Random(3));
        m.trainer.initialize(new Rng(2));
        float[] predicted = Arrays.copyOf(m.predict(4, batch.x), 12);
        float[] out = Arrays.copyOf(m.forward(4, batch.x, new Rng(5)), 12);
        assertFalse(Arrays.equals(predicted, out), "dropout changes the training-mode output");
        assertTrainerAgrees(m, batch, out, "drop.nnet");
    }

    /**
     * Back-propagates d(loss)/d(output) computed here in double, then takes one trainer step from the same
     * parameters with the same dropout draws: each parameter must have moved by exactly minus its gradient.
     */
    private static void assertTrainerAgrees(GeneratedModel m, Batch batch, float[] out, String what) {
        float[] dOut = batch.yInt != null ? Losses.crossEntropyGradient(out, batch.n, batch.yInt)
                : Losses.sumSquaredErrorGradient(out, batch.yFloat);
        m.zeroGrad();
        m.backward(batch.n, dOut);
        float[][] grads = GeneratedModel.copy(m.gradients());
        float[][] before = GeneratedModel.copy(m.parameters());
        m.trainer.trainStep(batch, new Rng(5));
        List<Tensor> params = m.parameters();
        for (int t = 0; t < params.size(); t++) {
            float[] after = params.get(t).data();
            double scale = maxAbs(grads[t]);
            assertTrue(scale > 0, what + ": " + params.get(t).name() + " got no gradient");
            for (int i = 0; i < after.length; i++) {
                double step = (double) before[t][i] - after[i];
                double ulp = Math.ulp(Math.max(Math.abs(before[t][i]), Math.abs(after[i])));
                assertEquals(step, grads[t][i], 1e-4 * scale + 2 * ulp,
                        what + ": " + params.get(t).name() + "[" + i + "] gradient vs the trainer's SGD step");
            }
        }
    }

    /**
     * For L = sum(r · output), dL/d(output) = r; backward's gradients must match central differences of L through
     * {@code predict}: per tensor, the RMS error over the entries probed, relative to the RMS of the whole gradient.
     * A smooth sigmoid network takes a step that hides float rounding and must agree closely; in a ReLU and
     * max-pooling network a step now and then crosses a kink, and float32 rounding of L is not negligible, which
     * the bound absorbs while a wrong gradient (layout, missing term) is off by about its own size.
     */
    @ParameterizedTest
    @ValueSource(strings = {"samples/basics/diabetes.nnet", "samples/mnist/mnist-cnn.nnet"})
    void backwardMatchesFiniteDifferencesOfPredict(String sample) throws IOException {
        GeneratedModel m = GeneratedModel.load(sample, plainSgd(read(sample)), work, MAX_BATCH);
        boolean mnist = sample.contains("mnist");
        float h = mnist ? 3e-4f : 3e-2f;
        double tolerance = mnist ? 5e-2 : 2e-3;
        int n = 3;
        Random random = new Random(19);
        float[] x = gaussian(n * (mnist ? 784 : 8), random);
        float[] r = gaussian(n * (mnist ? 10 : 1), random);
        m.trainer.initialize(new Rng(3));
        m.zeroGrad();
        m.forward(n, x, new Rng(1));
        m.backward(n, r);
        float[][] grads = GeneratedModel.copy(m.gradients());
        List<Tensor> params = m.parameters();
        for (int t = 0; t < params.size(); t++) {
            float[] p = params.get(t).data();
            double error = 0;
            int probes = Math.min(p.length, mnist ? 8 : p.length);
            for (int k = 0; k < probes; k++) {
                int i = mnist ? random.nextInt(p.length) : k;
                float original = p[i];
                p[i] = original + h;
                float up = p[i];
                double plus = dot(r, m.predict(n, x));
                p[i] = original - h;
                float down = p[i];
                double minus = dot(r, m.predict(n, x));
                p[i] = original;
                double numeric = (plus - minus) / ((double) up - down);
                error += (numeric - grads[t][i]) * (numeric - grads[t][i]);
            }
            double rms = Math.sqrt(dot(grads[t], grads[t]) / grads[t].length);
            assertTrue(rms > 0, sample + ": " + params.get(t).name() + " has no gradient to compare");
            double relative = Math.sqrt(error / probes) / rms;
            assertTrue(relative < tolerance, sample + ": " + params.get(t).name() + " differs from central "
                    + "differences by " + relative + " of its RMS");
        }
    }

    @Test
    void backwardAccumulatesOncePerForwardAndPredictDoesNotDisturbIt() throws IOException {
        String sample = "samples/mnist/mnist-cnn.nnet";
        GeneratedModel m = GeneratedModel.load(sample, plainSgd(read(sample)), work, MAX_BATCH);
        m.trainer.initialize(new Rng(4));
        Random random = new Random(5);
        float[] x = gaussian(2 * 784, random);
        float[] other = gaussian(MAX_BATCH * 784, random);
        float[] dOut = gaussian(2 * 10, random);
        float[] dOutCopy = dOut.clone();

        assertThrows(IllegalStateException.class, () -> m.backward(2, dOut), "backward before any forward");
        m.zeroGrad();
        float[] out = m.forward(2, x, new Rng(1));
        float[] outCopy = Arrays.copyOf(out, 20);
        assertThrows(IllegalArgumentException.class, () -> m.backward(3, dOut), "a batch other than forward's");
        m.backward(2, dOut);
        assertArrayEquals(outCopy, Arrays.copyOf(out, 20), "forward's output survives backward");
        assertArrayEquals(dOutCopy, dOut, "dOutput is read only");
        assertThrows(IllegalStateException.class, () -> m.backward(2, dOut), "a second backward for one forward");
        float[][] once = GeneratedModel.copy(m.gradients());

        m.forward(2, x, new Rng(1));
        m.predict(MAX_BATCH, other);
        m.backward(2, dOut);
        float[][] twice = GeneratedModel.copy(m.gradients());
        for (int t = 0; t < once.length; t++) {
            for (int i = 0; i < once[t].length; i++) {
                assertEquals(2 * once[t][i], twice[t][i], "gradients add up across backward passes");
            }
        }
        m.zeroGrad();
        for (Tensor g : m.gradients()) {
            assertEquals(0, maxAbs(g.data()), g.name());
        }
        assertEquals(m.parameters().stream().map(p -> p.name() + ".grad").toList(),
                m.gradients().stream().map(Tensor::name).toList(), "gradients() follows parameters()");
    }

    @Test
    void forwardAndBackwardAllocateNothingOnceWarm() throws IOException {
        String sample = "samples/mnist/mnist-cnn.nnet";
        GeneratedModel m = GeneratedModel.load(sample, plainSgd(read(sample)), work, 2);
        m.trainer.initialize(new Rng(4));
        Random random = new Random(6);
        float[] x = gaussian(2 * 784, random);
        float[] dOut = gaussian(2 * 10, random);
        Rng rng = new Rng(1);
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        // Past the JIT's warm-up and the method handles' one-time customization, which allocate.
        for (int i = 0; i < 500; i++) {
            m.forward(2, x, rng);
            m.backward(2, dOut);
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 50; i++) {
            m.forward(2, x, rng);
            m.backward(2, dOut);
        }
        assertEquals(0, threads.getCurrentThreadAllocatedBytes() - before, "bytes allocated by 50 warm steps");
    }

    private static Batch batch(int features, int outputs, boolean classes, int n, Random random) {
        Batch b = new Batch(MAX_BATCH, features, outputs, classes);
        b.n = n;
        System.arraycopy(gaussian(n * features, random), 0, b.x, 0, n * features);
        for (int i = 0; i < n * (classes ? 1 : outputs); i++) {
            if (classes) {
                b.yInt[i] = random.nextInt(outputs);
            } else {
                b.yFloat[i] = (float) random.nextGaussian();
            }
        }
        return b;
    }

    private static float[] gaussian(int size, Random random) {
        float[] v = new float[size];
        for (int i = 0; i < size; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return v;
    }

    private static double dot(float[] r, float[] out) {
        double s = 0;
        for (int i = 0; i < r.length; i++) {
            s += (double) r[i] * out[i];
        }
        return s;
    }

    private static double maxAbs(float[] v) {
        double m = 0;
        for (float f : v) {
            m = Math.max(m, Math.abs(f));
        }
        return m;
    }

    private static void assertClose(float[] expected, float[] actual, double relative, String what) {
        double tolerance = relative * Math.max(1, maxAbs(expected));
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], tolerance, what + " at " + i);
        }
    }
}
