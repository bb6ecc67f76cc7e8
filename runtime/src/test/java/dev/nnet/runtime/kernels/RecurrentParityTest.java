package dev.nnet.runtime.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnet.kernels.Recurrent;
import dev.nnet.runtime.io.Safetensors;
import dev.nnet.runtime.io.SafetensorsFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The recurrent kernel against PyTorch: every case of {@code tools/parity/recurrent_fixtures.py} (RNN tanh/relu, GRU
 * and LSTM; forward and reverse direction; full and packed lengths; zero and given initial states) gives PyTorch's
 * outputs, final states and gradients within {@code 1e-6 + 1e-4·|b|}. Here rather than in the kernels module
 * because the safetensors reader lives in the runtime.
 */
class RecurrentParityTest {
    private static final Path CASES = Path.of("src/test/resources/recurrent");

    @TestFactory
    List<DynamicTest> everyCaseAgreesWithPyTorch() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        try (Stream<Path> files = Files.list(CASES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".safetensors")).sorted().toList()) {
                tests.add(DynamicTest.dynamicTest(f.getFileName().toString(), () -> check(f)));
            }
        }
        assertEquals(32, tests.size(), "4 cells x 2 directions x 2 length modes x 2 initial states");
        return tests;
    }

    private static void check(Path file) {
        String name = file.getFileName().toString();
        SafetensorsFile f = Safetensors.read(file);
        Recurrent.Cell cell = Recurrent.Cell.valueOf(name.substring(0, name.indexOf("-")).toUpperCase(java.util.Locale.ROOT));
        boolean reverse = name.contains("-reverse-");
        int[] xs = f.shape("x");
        int steps = xs[0];
        int n = xs[1];
        int in = xs[2];
        int hidden = f.shape("hn")[1];
        int gates = f.shape("weight_ih")[0];
        int[] lengths = null;
        if (name.contains("-packed-")) {
            float[] l = f.floats("lengths");
            lengths = new int[n];
            for (int b = 0; b < n; b++) {
                lengths[b] = (int) l[b];
            }
        }
        Recurrent r = new Recurrent(cell, n + 2, steps + 1, in, hidden);
        float[] x = f.floats("x");
        float[] wIh = f.floats("weight_ih");
        float[] wHh = f.floats("weight_hh");
        float[] h0 = f.contains("h0") ? f.floats("h0") : null;
        float[] c0 = f.contains("c0") ? f.floats("c0") : null;
        // A wider output with this direction in the second half, as a bidirectional layer lays it out.
        int stride = 2 * hidden;
        int offset = hidden;
        float[] out = new float[steps * n * stride];
        java.util.Arrays.fill(out, Float.NaN); // every element this direction owns must be written
        float[] hN = new float[n * hidden];
        float[] cN = new float[n * hidden];
        r.forward(n, steps, x, lengths, wIh, wHh, f.floats("bias_ih"), f.floats("bias_hh"), h0, c0, reverse, out,
                offset, stride, hN, cN);
        float[] mine = new float[steps * n * hidden];
        for (int row = 0; row < steps * n; row++) {
            System.arraycopy(out, row * stride + offset, mine, row * hidden, hidden);
        }
        agree(name, "out", f.floats("out"), mine);
        agree(name, "hn", f.floats("hn"), hN);
        if (cell == Recurrent.Cell.LSTM) {
            agree(name, "cn", f.floats("cn"), cN);
        }
        float[] dOut = new float[steps * n * stride];
        float[] given = f.floats("d_out");
        for (int row = 0; row < steps * n; row++) {
            System.arraycopy(given, row * hidden, dOut, row * stride + offset, hidden);
        }
        float[] dx = new float[steps * n * in];
        float[] dh0 = new float[n * hidden];
        float[] dc0 = new float[n * hidden];
        float[] dWih = new float[gates * in];
        float[] dWhh = new float[gates * hidden];
        float[] dbIh = new float[gates];
        float[] dbHh = new float[gates];
        r.backward(dOut, offset, stride, f.floats("d_hn"), f.contains("d_cn") ? f.floats("d_cn") : null, x, wIh, wHh,
                dx, dh0, dc0, dWih, dWhh, dbIh, dbHh);
        agree(name, "dx", f.floats("dx"), dx);
        agree(name, "d_weight_ih", f.floats("d_weight_ih"), dWih);
        agree(name, "d_weight_hh", f.floats("d_weight_hh"), dWhh);
        agree(name, "d_bias_ih", f.floats("d_bias_ih"), dbIh);
        agree(name, "d_bias_hh", f.floats("d_bias_hh"), dbHh);
        if (h0 != null) {
            agree(name, "dh0", f.floats("dh0"), dh0);
        }
        if (c0 != null) {
            agree(name, "dc0", f.floats("dc0"), dc0);
        }
    }

    private static void agree(String name, String what, float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length, name + " " + what + " size");
        for (int i = 0; i < expected.length; i++) {
            double b = expected[i];
            double bound = 1e-6 + 1e-4 * Math.abs(b);
            assertTrue(Math.abs(actual[i] - b) <= bound, name + " " + what + "[" + i + "]: " + actual[i]
                    + " but PyTorch " + b);
        }
    }
}
