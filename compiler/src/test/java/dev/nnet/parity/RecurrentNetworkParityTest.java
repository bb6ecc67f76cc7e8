package dev.nnet.parity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.palantir.javapoet.JavaFile;
import dev.nnet.Compilation;
import dev.nnet.Driver;
import dev.nnet.codegen.java.JavaBackend;
import dev.nnet.diag.ShortRenderer;
import dev.nnet.diag.SourceFile;
import dev.nnet.lower.Pipeline;
import dev.nnet.run.ClassCache;
import dev.nnet.runtime.Rng;
import dev.nnet.runtime.Tensor;
import dev.nnet.runtime.io.Safetensors;
import dev.nnet.runtime.io.SafetensorsFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole networks with recurrent layers, compiled to Java, against PyTorch mirrors
 * ({@code tools/parity/recurrent_networks.py}): from the same weights and batch, the output (which carries final
 * states by construction) and the gradient of every parameter after back-propagating the same output gradient,
 * each within {@code 1e-6 + 1e-4·|b|}. Covers stacked bidirectional batch-first GRU, a two-layer LSTM from an initial
 * (h_0, c_0) computed in the network, a batch-first relu RNN without biases, an rnn_cell stepped by scan,
 * embedding (with padding ids) into a bidirectional GRU, and the name classifier's shape: two int inputs (ids and
 * lengths, all shorter than the padding), t(), packed 2-layer bidirectional GRU.
 */
class RecurrentNetworkParityTest {
    private static final Path DIR = Path.of("src/test/resources/recurrent-parity");

    @TempDir
    Path work;

    @TestFactory
    Stream<DynamicTest> networksMatchPyTorch() throws IOException {
        List<Path> programs;
        try (Stream<Path> files = Files.list(DIR)) {
            programs = files.filter(p -> p.toString().endsWith(".nnet")).sorted().toList();
        }
        assertEquals(6, programs.size(), "the networks of " + DIR);
        return programs.stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> check(p)));
    }

    private void check(Path program) throws Exception {
        String stem = program.getFileName().toString().replace(".nnet", "");
        SafetensorsFile f = Safetensors.read(DIR.resolve(stem + ".safetensors"));
        Compilation c = Driver.compile(new SourceFile(program.toString(), Files.readString(program)));
        assertFalse(c.hasErrors(), () -> ShortRenderer.renderAll(c.diagnostics(), program.toString()));
        List<JavaFile> files = JavaBackend.generate(Pipeline.lower(c), "nnet.parity");
        ClassLoader loader = ClassCache.load(files, work.resolve(stem));
        String name = c.typed().models().get(0).name();
        int n = 3;
        Object model = loader.loadClass("nnet.parity." + name).getConstructor(int.class).newInstance(n);
        @SuppressWarnings("unchecked")
        List<Tensor> params = (List<Tensor>) model.getClass().getMethod("parameters").invoke(model);
        for (Tensor t : params) {
            float[] v = f.floats("param." + t.name());
            assertEquals(v.length, t.data().length, t.name());
            System.arraycopy(v, 0, t.data(), 0, v.length);
        }
        model.getClass().getMethod("zeroGrad").invoke(model);
        float[] out = (float[]) model.getClass().getMethod("forward", int.class, float[].class, Rng.class)
                .invoke(model, n, f.floats("x"), new Rng(1));
        close(stem + " output", f.floats("output"), out);
        float[] predicted = (float[]) model.getClass().getMethod("predict", int.class, float[].class)
                .invoke(model, n, f.floats("x"));
        close(stem + " predict", f.floats("output"), predicted);
        model.getClass().getMethod("backward", int.class, float[].class).invoke(model, n, f.floats("d_output"));
        @SuppressWarnings("unchecked")
        List<Tensor> grads = (List<Tensor>) model.getClass().getMethod("gradients").invoke(model);
        assertEquals(params.size(), grads.size());
        assertTrue(params.size() >= 2);
        for (int i = 0; i < params.size(); i++) {
            close(stem + " d " + params.get(i).name(), f.floats("grad." + params.get(i).name()), grads.get(i).data());
        }
    }

    private static void close(String what, float[] expected, float[] actual) {
        for (int i = 0; i < expected.length; i++) {
            double tolerance = 1e-6 + 1e-4 * Math.abs(expected[i]);
            int at = i;
            assertTrue(Math.abs(actual[i] - expected[i]) <= tolerance,
                    () -> what + "[" + at + "]: PyTorch " + expected[at] + ", nnet " + actual[at]);
        }
    }
}
